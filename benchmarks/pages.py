"""Public pages through gunicorn: warm cached times, the first request after a publish,
and the home page under 16 concurrent clients.

``run()`` builds a demo site (``seed_demo``, 200 directory profiles) in a fresh SQLite file
and serves it with gunicorn (2 sync workers) and the production settings (DEBUG off,
manifest static files); the page cache is in Redis when a ``redis-server`` binary is found
(a private one on a free port), else in the database (the production default without
``REDIS_URL``). Django work (seeding, publishing, counting queries) runs in child processes
(``python -m benchmarks.pages --worker``) so that this module never configures Django.
"""

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._load import load
from tests.http_server import BASE_DIR, GunicornServer, crowd, free_port, request

WORKERS = 2
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
PUBLISH_ROUNDS = int(os.environ.get("BENCH_PUBLISH_ROUNDS", "15"))
CONCURRENT_CLIENTS = 16
CONCURRENT_REQUESTS = 2000
PROFILES = 200
SEARCH = "/recherche/?q=Aurillac"
# page -> target median (ms), warm and cached
TARGETS = {
    "home": 10,
    "news item": 6,
    "news index": 8,
    "agenda": 8,
    "training": 8,
    "centres index": 8,
    "search": 12,
    "directory": 10,
}


def _env(database_url, tmp, redis_url):
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(Path(tmp) / "media"),
        "PRIVATE_MEDIA_ROOT": str(Path(tmp) / "private"),
        "LOG_LEVEL": "WARNING",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _child(env, *args):
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks.pages", "--worker", *args],
        cwd=BASE_DIR, env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _redis():
    """A private redis-server on a free port (no persistence), or None."""
    binary = shutil.which("redis-server")
    if not binary:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a local binary found on PATH
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _timed_get(host, path):
    began = time.perf_counter()
    status, body, headers = request(host, "GET", path)
    elapsed = (time.perf_counter() - began) * 1000
    assert status == 200, (path, status, body[:300])
    return elapsed, headers


def _warm_cached(host, paths):
    """Median of ROUNDS interleaved rounds, each page asked for once per round (the pages
    with a cached target)."""
    paths = {name: path for name, path in paths.items() if name in TARGETS}
    for path in paths.values():
        for _ in range(3):
            _timed_get(host, path)
    times = {name: [] for name in paths}
    states = {}
    for _ in range(ROUNDS):
        for name, path in paths.items():
            elapsed, headers = _timed_get(host, path)
            times[name].append(elapsed)
            states[name] = headers.get("X-Page-Cache", "—")
    return {name: (statistics.median(values), states[name]) for name, values in times.items()}


def _concurrency(host):
    _timed_get(host, "/")
    tasks = [lambda: request(host, "GET", "/")[0] for _ in range(CONCURRENT_REQUESTS)]
    began = time.perf_counter()
    statuses = crowd(tasks, concurrency=CONCURRENT_CLIENTS)
    elapsed = time.perf_counter() - began
    return CONCURRENT_REQUESTS / elapsed, sum(1 for s in statuses if s != 200)


def measure():
    with tempfile.TemporaryDirectory() as tmp, _redis() as redis_url:
        database_url = f"sqlite:///{Path(tmp) / 'pages.sqlite3'}"
        env = _env(database_url, tmp, redis_url)
        paths = _child(env, "prepare")
        with GunicornServer(
            database_url, workers=WORKERS, settings="portal.settings.production", extra_env=env
        ) as server:
            loads = {"cached": load()}
            cached = _warm_cached(server.host, paths)
            loads["rate"] = load()
            rate, errors = _concurrency(server.host)
            loads["uncached"] = load()
            uncached = _child(env, "publish", server.host, json.dumps(paths))
    return {
        "cache": "Redis" if redis_url else "database (no redis-server found)",
        "paths": paths,
        "cached": cached,
        "uncached": uncached,
        "rate": rate,
        "errors": errors,
        "loads": loads,
    }


def _verdict(value, target, lower_is_better=True):
    ok = value <= target if lower_is_better else value >= target
    return "met" if ok else "**missed**"


def run():
    result = measure()
    lines = [
        "## Public pages (`benchmarks/pages.py`)",
        "",
        f"Demo site (`seed_demo`, {PROFILES} directory profiles) on SQLite, gunicorn with "
        f"{WORKERS} sync workers and the production settings on loopback, a new connection per "
        f"request (no keep-alive); page cache in {result['cache']}. The load average at the start "
        "of each part is written beside it (above about 1 on this 2-CPU machine, other work "
        "shared the CPUs: the times are then an upper bound).",
        "",
        f"### Warm, cached (median of {ROUNDS} interleaved rounds)",
        "",
        f"Machine: {result['loads']['cached']}.",
        "",
        "| page | path | median (ms) | page cache | target (ms) | |",
        "| --- | --- | ---: | --- | ---: | --- |",
    ]
    for name, (median, state) in result["cached"].items():
        target = TARGETS.get(name)
        lines.append(
            f"| {name} | `{result['paths'][name]}` | {median:.1f} | {state} | "
            f"{target or '—'} | {_verdict(median, target) if target else ''} |"
        )
    lines += [
        "",
        "### Uncached: the first request after a publish",
        "",
        f"Each round publishes the page (a real `save_revision().publish()` of its current "
        f"content; for the views outside the page tree, search, the directory, a profile and "
        f"the site map, a news item), then asks for it once through "
        f"gunicorn (median of {PUBLISH_ROUNDS}): the page and the pages that list its type are "
        "cleared, the menu, breadcrumbs, footer and Wagtail's site stay (they change with a "
        "title, an address or the menu only). *Everything cleared*: the same after a change that "
        "clears every page and fragment (a new title, a move; median of 5). In process (Django "
        "test client, same state) the CPU time of the request is measured (median of 5: less "
        "sensitive to a loaded machine than the HTTP time) and the queries counted.",
        "",
        f"Machine: {result['loads']['uncached']}.",
        "",
        "| page | published | HTTP median (ms) | CPU (ms) | SQL queries | target | "
        "everything cleared: HTTP (ms) | CPU (ms) | SQL queries |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, row in result["uncached"].items():
        own, cold = row["own"], row["all"]
        ok = own["ms"] <= 25 and own["queries"] <= 10
        lines.append(
            f"| {name} | {row['changed']} | {own['ms']:.1f} | {own['cpu']:.1f} | {own['queries']} "
            f"| ≤ 25 ms, ≤ 10 queries: {'met' if ok else '**missed**'} | {cold['ms']:.1f} "
            f"| {cold['cpu']:.1f} | {cold['queries']} |"
        )
    lines += [
        "",
        f"### Home page, {CONCURRENT_CLIENTS} concurrent clients",
        "",
        f"{CONCURRENT_REQUESTS} GETs of `/`, keep-alive off: **{result['rate']:.0f} requests/s**, "
        f"{result['errors']} non-200 answers (target ≥ 300/s: "
        f"{_verdict(result['rate'], 300, lower_is_better=False)}); {result['loads']['rate']}.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Child process: Django configured on the bench database.


def _worker(args):
    import django

    django.setup()
    if args[0] == "prepare":
        return _prepare()
    if args[0] == "publish":
        return _publish(args[1], json.loads(args[2]))
    raise SystemExit(f"unknown command {args[0]}")


def _prepare():
    from django.core.management import call_command

    from home.models import NewsPage

    # The cache tables first: migrate's signals already write to the (database) cache.
    call_command("createcachetable", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", profiles=PROFILES, verbosity=0)
    news = NewsPage.objects.live().order_by("-date").first()
    return {
        "home": "/",
        "news item": news.url,
        "news index": news.get_parent().url,
        "agenda": "/agenda/",
        "training": "/formations/",
        "centres index": "/telecentres/",
        "search": SEARCH,
        "directory": "/annuaire/",
        **_other_pages(),
    }


def _other_pages():
    """One public page of each other kind, for the first request after a publish."""
    from directory.models import Profile
    from events.models import EventPage
    from home.models import CommunePage, NewcomersPage, StandardPage, TelecentrePage
    from training.models import TrainingCoursePage

    def first(model, **filters):
        return model.objects.live().public().filter(**filters).order_by("path").first()

    profile = Profile.objects.public().order_by("pk").first()
    return {
        "centre": first(TelecentrePage, slug="aurillac").url,
        "commune": first(CommunePage, slug="aurillac").url,
        "event": first(EventPage).url,
        "course": first(TrainingCoursePage).url,
        "newcomers": first(NewcomersPage).url,
        "standard page": first(StandardPage, slug="mentions-legales").url,
        "profile": profile.get_absolute_url(),
        "site map": "/plan-du-site/",
    }


def _changed_by(path, news):
    """The page whose publish changes ``path``: the page itself; for the views outside the
    tree (search, directory), any page (a news item)."""
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    page = Page.objects.filter(url_path=root.url_path + path.split("?")[0].lstrip("/")).first()
    return page.specific if page else news


def _in_process(client, path, change, rounds):
    """CPU time (median of ``rounds``) and queries of the request after ``change()``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = []
    for _ in range(rounds):
        change()
        began = time.process_time()
        assert client.get(path).status_code == 200
        cpu.append((time.process_time() - began) * 1000)
    change()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return statistics.median(cpu), len(queries)


def _publish(host, paths):
    from django.test import Client

    from home.models import NewsPage
    from portal import page_cache

    news = NewsPage.objects.live().order_by("-date").first()
    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for name, path in paths.items():
        page = _changed_by(path, news)

        def publish(page=page):
            page.save_revision().publish()

        def clear_all():
            page_cache.bump(page_cache.SITE, page_cache.STRUCTURE)

        row = {"changed": page.title}
        for label, change, rounds in (("own", publish, PUBLISH_ROUNDS), ("all", clear_all, 5)):
            times = []
            for _ in range(rounds):
                change()
                elapsed, headers = _timed_get(host, path)
                assert headers.get("X-Page-Cache") == "miss", (path, headers.get("X-Page-Cache"))
                times.append(elapsed)
            cpu, queries = _in_process(client, path, change, 5)
            row[label] = {"ms": statistics.median(times), "cpu": cpu, "queries": queries}
        result[name] = row
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(_worker(sys.argv[2:])))
