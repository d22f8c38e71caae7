"""Sign-ups per second under 16 concurrent clients, the emails' job, the event page's render.

``run()`` prepares a fresh database per backend (PostgreSQL when reachable, then SQLite),
serves it with gunicorn and measures through real HTTP on loopback. The sign-ups' emails
are not sent by the requests: after the posts, the ``email`` job of ``run_scheduled``
(``portal.mail.run_queue``) renders and sends them all, timed in a child process. The CPU
time of the gunicorn workers and of the benchmark's own clients is read from ``/proc``
(Linux), per sign-up. The Django work happens in a child process (``python -m
benchmarks.signups --worker``) so this module never configures Django itself.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._load import load
from tests.http_server import BASE_DIR, GunicornServer, crowd, csrf_pair, post_form, request

CLIENTS = 16
SIGN_UPS = int(os.environ.get("BENCH_SIGNUPS", "1600"))
DATES = (1, 10)  # all sign-ups for one date, then spread over ten dates

PAGE_GETS = 200
PG_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal"
)
# Dropped and created again by each run: give each person their own (BENCH_POSTGRES_DB).
PG_BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "cybercantal_bench")
# The port gunicorn listens on (a free one when unset): on a shared machine, one's own.
PORT = int(os.environ["BENCH_PORT"]) if os.environ.get("BENCH_PORT") else None


def _cpu_seconds(pid):
    """CPU time (user + system) of ``pid`` and its children, from /proc; None elsewhere."""
    tick = os.sysconf("SC_CLK_TCK")
    total = None
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        # After the name: state, ppid, ... utime (14th field of the line), stime (15th).
        if int(entry.name) == pid or int(fields[1]) == pid:
            total = (total or 0) + (int(fields[11]) + int(fields[12])) / tick
    return total


def _workers():
    return 2 * (os.cpu_count() or 1) + 1


def _postgres_database():
    """A fresh, empty bench database next to PG_URL's; None when PostgreSQL is unreachable."""
    try:
        import psycopg
    except ImportError:
        return None
    url = PG_URL.replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    except psycopg.Error as exc:
        print(f"   PostgreSQL skipped: {exc}".strip())
        return None
    return PG_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB


def _drop_postgres_database():
    import psycopg

    with psycopg.connect(
        PG_URL.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


def _child(database_url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "benchmarks.signups", "--worker", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database_url, label, workers, dates=1, sign_ups=SIGN_UPS):
    prepared = _child(database_url, "prepare", str(sign_ups // 2 // dates), str(dates))
    with GunicornServer(database_url, workers=workers, port=PORT) as server:
        load_average = load()
        cookie, token = csrf_pair(server.host, prepared["targets"][0]["page_url"])

        def sign_up(i):
            target = prepared["targets"][i % dates]

            def task():
                began = time.perf_counter()
                status, _body = post_form(
                    server.host,
                    target["page_url"],
                    {
                        "slot": target["slot"],
                        "name": f"Personne {i}",
                        "email": f"p{i}@example.org",
                        "consent": "on",
                    },
                    cookie,
                    token,
                )
                return status, time.perf_counter() - began

            return task

        server_cpu = _cpu_seconds(server.process.pid)
        client_cpu = time.process_time()
        started = time.perf_counter()
        results = crowd([sign_up(i) for i in range(sign_ups)], concurrency=CLIENTS)
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        if server_cpu is not None:
            server_cpu = _cpu_seconds(server.process.pid) - server_cpu
        latencies = sorted(seconds for _status, seconds in results)
        errors = sum(1 for status, _s in results if status != 303)

        page_times = []
        for _ in range(PAGE_GETS):
            began = time.perf_counter()
            status, _body, _headers = request(
                server.host, "GET", prepared["targets"][0]["page_url"]
            )
            page_times.append(time.perf_counter() - began)
            assert status == 200
    counts = _child(database_url, "counts", *[str(t["slot"]) for t in prepared["targets"]])
    emails = _child(database_url, "email")
    render = prepared["render"]
    return {
        "label": label,
        "dates": dates,
        "capacity": sign_ups // 2,
        "load": load_average,
        "workers": workers,
        "rate": sign_ups / elapsed,
        "sign_ups": sign_ups,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "server_cpu": server_cpu * 1000 / sign_ups if server_cpu is not None else None,
        "client_cpu": client_cpu * 1000 / sign_ups,
        "emails": emails,
        "errors": errors,
        "counts": counts,
        "page_http": statistics.median(page_times) * 1000,
        "page_render": render["median_ms"],
        "page_queries": render["queries"],
    }


def run():
    rows = []
    pg = None
    for dates in DATES:
        pg = _postgres_database()
        if not pg:
            break
        try:
            rows.append(measure(pg, "PostgreSQL", _workers(), dates))
            print(rows[-1], flush=True)
        finally:
            _drop_postgres_database()
    for dates in DATES:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(
                measure(
                    f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite (WAL, IMMEDIATE)", 3, dates
                )
            )
            print(rows[-1], flush=True)
    lines = [
        "## Sign-ups (events)",
        "",
        f"{SIGN_UPS} sign-ups for one date, then spread over ten dates, with seats for half "
        "of them (the other half is waitlisted), posted through real "
        f"HTTP by {CLIENTS} concurrent clients to gunicorn (sync workers) on loopback. Each sign-up "
        "records its email; after the posts, the `email` job of `run_scheduled` renders them, "
        "writes them to the mail queue and sends them (Django’s local-memory backend), timed "
        "apart. CPU per sign-up: the gunicorn workers’ and the benchmark’s own clients’ (one "
        "process, threads), read from /proc. Then the event page is fetched "
        f"{PAGE_GETS} times in a row; its server-side render is also timed in process (Django test client).",
        "",
        "| database | dates | gunicorn workers | sign-ups | sign-ups / s | latency p50 | latency p95 | non-303 answers "
        "| confirmed / waitlisted (seats) | CPU per sign-up: workers / clients | `email` job: emails, time, emails / s "
        "| event page, HTTP median | event page, render median | SQL queries | machine |",
        "| --- | ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        counts, emails = row["counts"], row["emails"]
        workers_cpu = f"{row['server_cpu']:.1f}" if row["server_cpu"] is not None else "?"
        lines.append(
            f"| {row['label']} | {row['dates']} | {row['workers']} | {row['sign_ups']} | **{row['rate']:.0f}** | {row['p50']:.0f} ms | {row['p95']:.0f} ms "
            f"| {row['errors']} | {counts.get('confirmed', 0)} / {counts.get('waitlisted', 0)} ({row['capacity']}) "
            f"| {workers_cpu} / {row['client_cpu']:.1f} ms "
            f"| {emails['sent']}, {emails['seconds']:.1f} s, **{emails['sent'] / emails['seconds']:.0f}** "
            f"| {row['page_http']:.1f} ms | **{row['page_render']:.1f} ms** | {row['page_queries']} | {row['load']} |"
        )
    if not pg:
        lines += ["", "PostgreSQL was unreachable at `TEST_POSTGRES_URL`: its row is missing."]
    lines += [
        "",
        "Each sign-up is one transaction that locks the date's row (`SELECT … FOR UPDATE` on "
        "PostgreSQL, SQLite's write lock), counts, decides and writes, plus the email’s row (rendered "
        "and sent by the `email` job, not the request); sign-ups "
        "for one date are therefore serialised by design, and the rate above is that of the hottest "
        "possible date. Sign-ups for different dates run in parallel on PostgreSQL.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Child process: Django configured on the bench database.


def _worker(args):
    import django

    django.setup()
    from django.core.management import call_command

    if args[0] == "prepare":
        return _prepare(call_command, int(args[1]), int(args[2]))
    if args[0] == "counts":
        from events.models import Registration

        slots = [int(slot) for slot in args[1:]]
        statuses = Registration.objects.filter(slot_id__in=slots).values_list("status", flat=True)
        counts = {}
        for status in statuses:
            counts[status] = counts.get(status, 0) + 1
        return counts
    if args[0] == "email":
        return _email_job()
    raise SystemExit(f"unknown command {args[0]}")


def _email_job():
    """The `email` job on the sign-ups' recorded emails: how many it sent, in how long."""
    from portal.mail import run_queue

    began = time.perf_counter()
    summary = run_queue()
    return {"sent": summary["sent"], "seconds": time.perf_counter() - began}


def _prepare(call_command, capacity, dates):
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from events.demo import seed_agenda
    from events.factories import EventPageFactory, RegistrationFactory, at
    from home.demo import seed_pages
    from home.models import TelecentrePage

    call_command("migrate", verbosity=0)
    seed_pages()
    agenda = seed_agenda()
    centre = TelecentrePage.objects.get(slug="aurillac")
    # The page whose render is timed: a real-looking event with speakers and 40 registrants.
    shown = EventPageFactory(
        parent=agenda, title="Conférence : le droit du télétravail", telecentre=centre, capacity=60,
        speakers=["Hélène Brugère", "Marc Delteil"], start=at(12),
    )  # fmt: skip
    for i in range(40):
        RegistrationFactory(slot=shown.slots.get(), email=f"inscrit{i}@example.org")
    client = Client()
    client.get(shown.url)
    times = []
    with override_settings(PAGE_CACHE_ENABLED=False):  # the render is timed, not the cache
        for _ in range(100):
            began = time.perf_counter()
            assert client.get(shown.url).status_code == 200
            times.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(shown.url)
    targets = [
        EventPageFactory(
            parent=agenda, title=f"Grande rencontre n° {i + 1}", telecentre=centre,
            capacity=capacity, start=at(20 + i),
        )
        for i in range(dates)
    ]  # fmt: skip
    return {
        "targets": [{"page_url": t.url, "slot": t.slots.get().pk} for t in targets],
        "render": {"median_ms": statistics.median(times), "queries": len(queries)},
    }


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(_worker(sys.argv[2:])))
