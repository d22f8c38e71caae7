"""The directory's search: latency and CPU through ``/api/v1/directory/``, and rebuild times.

For a number of synthetic profiles (realistic: skills of the demo's trades, communes of
the Cantal weighted by population, French presentations; 80 % public), a database is
filled (or reused when it already holds that many), the backend's index is rebuilt
(timed), then gunicorn (1 sync worker) serves the site and a fixed set of searches
(words, skills, distance, combinations) is sent over HTTP, each several times. Besides
the wall time, the CPU time the gunicorn worker (Django's own work) and the
Elasticsearch node spent per request is read from /proc and from the node's stats, and
the load average is recorded: the machine may be shared.

Run on its own, bounded (about 2 minutes for 10 000 profiles on the database backend
once the database is filled; the database is kept and reused between runs):

    python -m benchmarks.search --profiles 10000 --backends database
    python -m benchmarks.search --profiles 10000 --backends database \
        --database-url postgres://user:password@127.0.0.1:5432/name
    python -m benchmarks.search --profiles 100000 --backends elasticsearch --port 8111

Each run stores its figures in ``benchmarks/search_results.json`` (by size, backend and
database) and rewrites its section of docs/performance.md from every stored figure.
``make bench`` runs the sizes of ``BENCH_SEARCH_SIZES`` (default 1000,10000) on both
backends. The Django work runs in child processes (``python -m benchmarks.search
--worker ...``).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.http_server import BASE_DIR, GunicornServer, request

SIZES = [int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "1000,10000").split(",") if n]
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "15"))
ES_URL = os.environ.get("TEST_ELASTICSEARCH_URL", "http://127.0.0.1:9200")
# BENCH_ES_PREFIX and TMPDIR let two people run the benchmark side by side.
PREFIX = os.environ.get("BENCH_ES_PREFIX", "bench_")
RESULTS = Path(__file__).resolve().parent / "search_results.json"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

SEARCHES = [
    ("mots : développeur", {"q": "développeur"}),
    ("mots : formations", {"q": "formations"}),
    ("mots : traductrice anglais", {"q": "traductrice anglais"}),
    ("mots : graphiste illustration", {"q": "graphiste illustration"}),
    ("faute de frappe : devloppeur", {"q": "devloppeur"}),
    ("compétence : Python", {"skill": "python"}),
    ("2 compétences (ET)", {"skill": ["comptabilite", "paie"]}),
    ("distance : Aurillac 20 km", {"commune": "Aurillac", "radius_km": "20"}),
    ("code postal partagé : 15000", {"commune": "15000"}),
    ("distance + disponibles", {"commune": "Saint-Flour", "radius_km": "30", "available": "1"}),
    ("mots + distance", {"q": "développeur web", "commune": "Aurillac", "radius_km": "30"}),
    ("mots + compétence + disponibles", {"q": "site", "skill": "wordpress", "available": "1"}),
    ("tout le monde, page 3", {"page": "3"}),
    ("télécentre + disponibles", {"telecentre": "aurillac", "available": "1"}),
]


def _child(database_url, *args, extra_env=None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "ELASTICSEARCH_INDEX_PREFIX": PREFIX,
        **(extra_env or {}),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks.search", "--worker", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _es_get(path):
    status, body, _headers = request(ES_URL.split("//", 1)[1], "GET", path, timeout=5)
    return status, body


def _es_up():
    try:
        return _es_get("/_cluster/health")[0] == 200
    except OSError:
        return False


def _es_cpu_ms():
    """CPU time the Elasticsearch node(s) spent so far (ms), or None."""
    try:
        status, body = _es_get("/_nodes/stats/process")
    except OSError:
        return None
    if status != 200:
        return None
    nodes = json.loads(body)["nodes"].values()
    return sum(node["process"]["cpu"]["total_in_millis"] for node in nodes)


def _worker_cpu_ms(server):
    """CPU time (user + system, ms) of gunicorn's worker processes so far."""
    master = server.process.pid
    total = 0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total * 1000 / CLOCK_TICKS


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _load():
    return round(os.getloadavg()[0], 2)


def _measure(server, repeat):
    """One row per search: (label, count, answered by, median, p95, worker CPU per
    request, Elasticsearch CPU per request), and every timing."""
    rows, every = [], []
    for label, params in SEARCHES:
        path = "/api/v1/directory/?" + urlencode(params, doseq=True)
        started = time.perf_counter()
        # The first ask of this search since the rebuild (no cache of the node's nor of
        # ours holds it yet), then the warm ones.
        status, body, _headers = request(server.host, "GET", path)
        first = (time.perf_counter() - started) * 1000
        assert status == 200, (status, body[:300])
        answer = json.loads(body)
        timings = []
        cpu_before, es_before = _worker_cpu_ms(server), _es_cpu_ms()
        for _ in range(repeat):
            started = time.perf_counter()
            status, _body, _headers = request(server.host, "GET", path)
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 200
        cpu = (_worker_cpu_ms(server) - cpu_before) / repeat
        es_after = _es_cpu_ms()
        es_cpu = None
        if answer["backend"] == "elasticsearch" and es_before is not None and es_after:
            es_cpu = (es_after - es_before) / repeat
        every.extend(timings)
        rows.append(
            {
                "label": label,
                "count": answer["count"],
                "backend": answer["backend"],
                "median": statistics.median(timings),
                "p95": _percentile(timings, 0.95),
                "first": first,
                "cpu": cpu,
                "es_cpu": es_cpu,
            }
        )
    return rows, every


def _database(size, database_url):
    if database_url:
        return database_url, database_url.split(":", 1)[0].replace("postgresql", "postgres")
    path = Path(tempfile.gettempdir()) / f"cybercantal-bench-search-{size}.sqlite3"
    return f"sqlite:///{path}", "sqlite"


def bench(size, backends, database_url=None, port=None, repeat=REPEAT, reuse_index=False):
    """Fills (or reuses) the database, rebuilds and measures each backend; stores the
    figures in RESULTS. Returns them."""
    url, vendor = _database(size, database_url)
    prepared = _child(url, "prepare", str(size))
    stored = _stored()
    figures = []
    for name in backends:
        env = {"ELASTICSEARCH_URL": ES_URL if name == "elasticsearch" else ""}
        if name == "elasticsearch" and not _es_up():
            print("Elasticsearch does not answer: skipped", file=sys.stderr)
            continue
        load_before = _load()
        # With reuse_index, the entries written by an earlier rebuild of this database are
        # used as they are (the Elasticsearch rebuild writes the database's too).
        rebuild = {"seconds": None} if reuse_index else _child(url, "rebuild", name, extra_env=env)
        with GunicornServer(
            url, workers=1, port=port, extra_env={**env, "ELASTICSEARCH_INDEX_PREFIX": PREFIX}
        ) as server:
            load_start = _load()
            rows, every = _measure(server, repeat)
            load_end = _load()
        if name == "elasticsearch":
            _child(url, "drop", extra_env=env)
        result = {
            "size": size,
            "public": prepared["public"],
            "generated_s": prepared["seconds"],
            "backend": name,
            "database": vendor,
            "rebuild_s": rebuild["seconds"],
            "rebuild_cpu_s": rebuild.get("cpu_seconds"),
            "median": statistics.median(every),
            "p95": _percentile(every, 0.95),
            "first": statistics.median(row["first"] for row in rows),
            "first_max": max(row["first"] for row in rows),
            "cpu": statistics.median(row["cpu"] for row in rows),
            "cpu_max": max(row["cpu"] for row in rows),
            "es_cpu": (
                statistics.median(row["es_cpu"] for row in rows if row["es_cpu"] is not None)
                if any(row["es_cpu"] is not None for row in rows)
                else None
            ),
            "load": [load_before, load_start, load_end],
            "repeat": repeat,
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "rows": rows,
        }
        stored[f"{size}|{name}|{vendor}"] = result
        RESULTS.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n")
        figures.append(result)
        print(
            f"{size} {name} {vendor}: median {result['median']:.1f} ms, p95 {result['p95']:.1f}"
            f" ms, worker CPU {result['cpu']:.1f} ms/request, rebuild {_ms(rebuild['seconds'])} s,"
            f" load {result['load']}",
            flush=True,
        )
    return figures


def _stored():
    if RESULTS.exists():
        return json.loads(RESULTS.read_text())
    return {}


def _aim(result):
    """Issue 11's aims: every benchmark search's p95, not only the p95 of all of them."""
    worst = max(row["p95"] for row in result["rows"])
    if result["backend"] == "elasticsearch" and result["size"] >= 100_000:
        met = worst <= 40 and (result["rebuild_s"] or 0) <= 45
        return "every search's p95 ≤ 40 ms, rebuild ≤ 45 s: " + ("met" if met else "**missed**")
    if result["backend"] == "database" and result["size"] == 10_000:
        return "every search's p95 ≤ 100 ms: " + ("met" if worst <= 100 else "**missed**")
    return "—"


def _n(number):
    return f"{number:,}".replace(",", " ")


def _ms(value):
    return "—" if value is None else f"{value:.1f}"


def _first(result):
    if result.get("first") is None:
        return "—"
    return f"{result['first']:.1f} ({result['first_max']:.1f})"


def render():
    """The section of docs/performance.md, from every stored figure."""
    stored = sorted(
        _stored().values(), key=lambda r: (r["size"], r["backend"] != "database", r["database"])
    )
    lines = ["## Directory search (`benchmarks/search.py`)", ""]
    lines.append(
        "Searches through `/api/v1/directory/`: gunicorn with 1 sync worker, sequential "
        "requests on loopback, each search timed N times after a first ask (*first ask*: its "
        "time, with no cache of the node's or ours holding that search yet). *Worker CPU*: the "
        "CPU time of the gunicorn worker per request (Django's own work, SQLite included), "
        "read from /proc; *ES CPU*: the Elasticsearch node's, from its stats. *Load*: the "
        "load average (1 min) before the rebuild, at the start and at the end of the "
        "searches, on a machine with 2 CPUs shared with other work. Rebuild: the backend's "
        "`rebuild()` (`directory_index rebuild`; Elasticsearch's includes the database "
        "terms). Run one size: `python -m benchmarks.search --profiles 10000 --backends "
        "database [--database-url postgres://…]`."
    )
    lines += [
        "",
        "### Summary, and how the cost grows",
        "",
        "| profiles (public) | backend | database | median (ms) | p95 (ms) | first ask, median of searches (max) (ms) | worker CPU / request, median of searches (max) (ms) | ES CPU / request (ms) | rebuild (s) | load | measured | aim |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for r in stored:
        lines.append(
            f"| {_n(r['size'])} ({_n(r['public'])}) | {r['backend']} | {r['database']} | "
            f"{r['median']:.1f} | {r['p95']:.1f} | {_first(r)} | "
            f"{r['cpu']:.1f} ({r['cpu_max']:.1f}) | "
            f"{_ms(r['es_cpu'])} | {_ms(r['rebuild_s'])} | "
            f"{' / '.join(f'{x:.1f}' for x in r['load'])} | {r['date']} | {_aim(r)} |"
        )
    for r in stored:
        lines += [
            "",
            f"#### {_n(r['size'])} profiles, {r['backend']}, {r['database']} "
            f"({r['repeat']} requests per search)",
            "",
            "| search | results | answered by | median (ms) | p95 (ms) | first ask (ms) | worker CPU (ms) | ES CPU (ms) |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {row['label']} | {row['count']} | {row['backend']} | {row['median']:.1f} | "
            f"{row['p95']:.1f} | {_ms(row.get('first'))} | {row['cpu']:.1f} | "
            f"{_ms(row['es_cpu'])} |"
            for row in r["rows"]
        ]
    lines += ["", WHERE_THE_TIME_GOES.strip()]
    return "\n".join(lines)


def run():
    """``make bench``: every size of BENCH_SEARCH_SIZES on both backends (SQLite)."""
    if not _es_up():
        subprocess.run(["bash", "scripts/elasticsearch.sh", "start"], cwd=BASE_DIR, check=False)  # noqa: S607
    for size in SIZES:
        bench(size, ["database", "elasticsearch"])
    return render()


WHERE_THE_TIME_GOES = """
**Where the time goes** (written by hand from the figures above and from cProfile runs of
the same searches in one process; the tables are rewritten by each run).

- *Quiet runs* (2026-12-08 00:28–00:31 UTC, the database backend's at 10 000 and under at 01:30–01:31, load average about 1
  on the 2 CPUs, nothing else running but the Elasticsearch node), every row of the
  summary. Each issue-11 aim is met, for every benchmark search: database backend at
  10 000 profiles, each search's p95 at most 50 ms on SQLite and 64 ms on PostgreSQL (aim
  100); Elasticsearch at 100 000, each search's p95 at most 26 ms (aim 40), with 9.7 ms of
  gunicorn worker CPU per search (median of the searches; 11.3 at most; aim 10) and a
  rebuild of 35 s (aim 45). A search is 1 query on Elasticsearch (which profiles of the
  page are still public, plus one per skill named), 4 to 6 on the database backend.
- *First ask and the node's request cache.* Each search is timed 15 times after a first
  ask. Elasticsearch answers the repeated ones from its request cache (its *ES CPU*
  column is about 0), the way it answers a popular search or the directory's first page
  until the next index write. The *first ask* column is the search's first time since
  the rebuild, with no cache of the node's or of ours holding it: at 100 000 profiles
  17 to 49 ms (median 25 ms), except the typo "devloppeur": 697 ms, the correction
  vocabulary (the number of profiles per term, a `GROUP BY` over about 4 million term rows)
  being read once; it is kept an hour and read again after each write of the index queue,
  so at that size the first typo after a profile change pays it again.
- *Django's own work, Elasticsearch* (about 5 ms in process, 9.7 ms of worker CPU with
  gunicorn, HTTP and the kernel): the form, one query keeping the page's profiles that
  are still public (the cards come from a copy each document keeps in `_source`,
  `documents.card_source`), the JSON. Whether the index is behind is cached until the
  index queue next writes or fails (5 s at most); the request is plain JSON with
  `filter_path` and `_source` limited to the card, the skills filter (shared by every
  count) in filter context, the node's request cache on; profile URLs without a
  `reverse()` per result; connections kept between requests, SQLite's too (opening one
  cost about 3 ms of CPU). The rest of a first ask is the node's: the query with its four
  filter aggregations; the sorted `match_all` of "tout le monde" is its widest.
- *Database backend.* The total comes from the grouped facet query (no window count over
  every match) or, for a search with filters only, from a count on the filter columns;
  without words or skills the commune, centre and availability counts come from the
  cached counts of every entry by commune and centre; the skills facet is grouped by skill
  id (no join); the order by distance is one simple `CASE` on the commune column; the
  communes within a radius are computed once per place and radius. On SQLite the SQL runs
  in the worker (worker CPU median 29 ms at 10 000); on PostgreSQL in the server (worker
  20 ms). The words' match (the profiles having every word) is a subquery of four of a
  search's queries (the page, the skills facet, two grouped counts); it is counted with
  `COUNT(*)`, so PostgreSQL answers it from the (term, profile, weight) index alone (an
  index-only scan: 3.5 ms instead of 11 for "développeur web"), which needs the visibility
  map that a full rebuild's closing `VACUUM (ANALYZE)` sets: "mots + distance" went from
  102 to 61 ms (median), the p95 of all searches from 97 to 58 ms.
- *How the cost grows, 1 000 → 10 000 → 100 000 profiles* (worker CPU per request, median
  of the searches): Elasticsearch 10.0 → 9.7 → 9.7 ms, flat (Django's work does not depend
  on the number of profiles; the node's does, and is what a first ask measures); the
  database backend on SQLite 15.7 → 28.7 → 142 ms (the widest search 22 → 39 → 302 ms):
  it grows with the number of matching profiles, which the word scores, the facets and
  the order by distance read row by row (at 100 000: median 144 ms, p95 309 ms). At 100 000 the database backend is the fallback, not the
  engine for wide searches.
- *Rebuild* (`directory_index rebuild`, `search.bulk`): 10 000 profiles 3.2 s on SQLite
  with the database backend, 10 s on PostgreSQL (its `VACUUM (ANALYZE)` included), 3.5 s
  with Elasticsearch; 100 000
  profiles with Elasticsearch 35 s (it was 367 s). Until 2026-12-07 it cost 3.4 ms of CPU
  per public profile: the ORM's `delete()` of the old terms fetched every row to send its
  signals (44 % of the time), `bulk_create` built a model instance per term row (about 50
  per public profile, 35 %), and Elasticsearch's rebuild analysed every profile a second
  time; reading and analysing one was about 0.2 ms. Now one pass: the public ids in
  batches of 1 000; from 5 000 profiles, `os.cpu_count()` forked processes read each batch
  (2 queries) and analyse it once into its `ProfileEntry` and `ProfileTerm` rows and, with
  Elasticsearch, the body of its bulk request; the parent writes batch N in one
  transaction while the next ones are analysed (raw SQL: one `DELETE` per table, then
  `COPY` on PostgreSQL; on SQLite multi-row `INSERT`s without foreign key checks, the term
  table's two secondary indexes created again after the load), and a thread sends batch
  N's bulk request to the new index, which has no refresh, no replica and an asynchronous
  translog until it is full. The progress bar advances per batch written. A test checks
  that the pool writes what one process writes (PostgreSQL, both backends).
"""


# ---------------------------------------------------------------------------
# Child process (Django configured)


def _prepare(size):
    import random

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils.text import slugify

    call_command("migrate", verbosity=0)
    from directory.demo import BIO_CLOSINGS, BIO_MIDDLES, BIO_OPENINGS, CLIENTS, TRADES, seed_skills
    from directory.models import Profile, Skill, TaggedSkill
    from directory.skills_data import SKILLS
    from home.demo import seed_pages
    from home.models import Commune, TelecentrePage

    existing = Profile.objects.count()
    if existing == size:  # filled by an earlier run: reused
        return {"public": Profile.objects.public().count(), "seconds": 0.0, "reused": True}
    if existing:
        raise SystemExit(f"the database holds {existing} profiles, not {size}: give an empty one")
    started = time.monotonic()
    seed_pages()
    seed_skills()
    rng = random.Random(4)
    communes = list(Commune.objects.all())
    weights = [max(c.population, 50) for c in communes]
    centres = list(TelecentrePage.objects.all())
    skills = {skill.name: skill.pk for skill in Skill.objects.all()}
    first = [
        "Claire",
        "Jean",
        "Sophie",
        "Marc",
        "Emma",
        "Louis",
        "Léa",
        "Hugo",
        "Chloé",
        "Paul",
        "Inès",
        "Jules",
        "Camille",
        "Noé",
        "Manon",
        "Lucas",
    ]
    last = [
        "Martin",
        "Dubois",
        "Bernard",
        "Roux",
        "Vidal",
        "Lefèvre",
        "Moulin",
        "Chassang",
        "Delmas",
        "Bouyssou",
        "Lacombe",
        "Fabre",
        "Vermenouze",
        "Teyssèdre",
    ]
    User = get_user_model()
    batch = 5000
    for start in range(0, size, batch):
        numbers = range(start, min(size, start + batch))
        users = User.objects.bulk_create(
            [
                User(username=f"bench-{n:06d}", email=f"bench-{n:06d}@example.org", password="!")  # noqa: S106 - unusable
                for n in numbers
            ]
        )
        profiles = []
        for n, user in zip(numbers, users, strict=True):
            category, trades = TRADES[n % len(TRADES)]
            name = f"{rng.choice(first)} {rng.choice(last)}"
            commune = rng.choices(communes, weights)[0]
            clients = rng.choice(CLIENTS)
            years = rng.randint(2, 25)
            bio = " ".join(
                [
                    rng.choice(BIO_OPENINGS).format(
                        years=years,
                        clients=clients,
                        commune=commune.name,
                        e="",
                        independant="indépendant",
                    ),
                    rng.choice(BIO_MIDDLES).format(clients=clients),
                    rng.choice(BIO_CLOSINGS),
                ]
            )
            slot = n % 10
            profiles.append(
                Profile(
                    user=user,
                    slug=f"{slugify(name)}-{n}",
                    display_name=name,
                    headline=rng.choice(trades)[0],
                    bio=f"<p>{bio}</p>",
                    commune=commune,
                    telecentre=rng.choice(centres) if rng.random() < 0.6 else None,
                    availability=rng.choice(["now", "now", "now", "from", "no"]),
                    available_from=None,
                    state="draft" if slot == 9 else "approved",
                    is_hidden=slot == 8,
                    languages=["fr"],
                )
            )
            profiles[-1]._category = category
        profiles = Profile.objects.bulk_create(profiles)
        links = []
        for profile in profiles:
            category = profile._category
            names = rng.sample(SKILLS[category], k=min(len(SKILLS[category]), rng.randint(3, 6)))
            names += rng.sample(SKILLS["Outils numériques"], k=rng.randint(0, 2))
            links += [
                TaggedSkill(tag_id=skills[name], content_object_id=profile.pk)
                for name in set(names)
            ]
        TaggedSkill.objects.bulk_create(links, batch_size=5000)
    return {"public": Profile.objects.public().count(), "seconds": time.monotonic() - started}


def _rebuild(_backend):
    # The backend the environment configures (ELASTICSEARCH_URL) rebuilds what it owns:
    # the database terms, and for Elasticsearch its index too.
    from search.backends import get_backend

    started, cpu = time.monotonic(), time.process_time()
    count = get_backend().rebuild()
    children = os.times()  # the analysis processes of a large rebuild, once they are done
    return {
        "seconds": time.monotonic() - started,
        "cpu_seconds": time.process_time()
        - cpu
        + children.children_user
        + children.children_system,
        "count": count,
    }


def _drop():
    from search import documents

    es = documents.client(timeout=30)
    for name in documents.current_indices(es):
        es.indices.delete(index=name, ignore_unavailable=True)
    return {}


def worker(args):
    import django

    django.setup()
    action = args[0]
    if action == "prepare":
        result = _prepare(int(args[1]))
    elif action == "rebuild":
        result = _rebuild(args[1])
    else:
        result = _drop()
    print(json.dumps(result))


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--profiles", type=int, action="append", help="size (repeatable)")
    parser.add_argument("--backends", default="database,elasticsearch")
    parser.add_argument("--database-url", help="default: a SQLite file kept in the temp dir")
    parser.add_argument("--port", type=int, help="gunicorn's port (default: a free one)")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument(
        "--reuse-index", action="store_true", help="no rebuild: the entries are already there"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    for size in args.profiles or SIZES:
        bench(
            size,
            args.backends.split(","),
            args.database_url,
            args.port,
            args.repeat,
            args.reuse_index,
        )
    from benchmarks.__main__ import write

    write({"search": render()})
    print(f"({time.monotonic() - started:.0f} s) written: docs/performance.md", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2:])
    else:
        main(sys.argv[1:])
