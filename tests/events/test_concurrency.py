"""Many people at once, through real HTTP, on a real multi-process server: never overbooked.

Gunicorn runs several worker processes against the test database (PostgreSQL: the test
database itself; SQLite: a file copy of it, since an in-memory database can't be shared).
"""

import sqlite3
from collections import Counter

import pytest

from django.db import connection

from events.factories import EventPageFactory, at
from events.models import Registration
from tests.http_server import GunicornServer, crowd, csrf_pair, post_form

SIGN_UPS = 200
CAPACITY = 50
CANCELS = 10


def _postgres_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _run_crowd(server, page_url, slot_id):
    cookie, token = csrf_pair(server.host, page_url)

    def sign_up(i):
        return lambda: post_form(
            server.host,
            page_url,
            {
                "slot": slot_id,
                "name": f"Personne {i}",
                "email": f"personne{i}@example.org",
                "consent": "on",
            },
            cookie,
            token,
        )

    return crowd([sign_up(i) for i in range(SIGN_UPS)], concurrency=100), cookie, token


def _cancel_crowd(server, tokens, cookie, csrf):
    paths = [f"/agenda/inscription/{t}/" for t in tokens]
    return crowd(
        [lambda p=p: post_form(server.host, p, {}, cookie, csrf) for p in paths],
        concurrency=len(paths),
    )


def _check_sign_ups(results):
    statuses = Counter(status for status, _body in results)
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses == {303: SIGN_UPS}, (
        statuses
    )  # everyone got an answer: a seat or a place in the queue


def test_postgres_200_simultaneous_sign_ups_for_50_seats(
    postgres_only, transactional_db, small_site
):
    page = EventPageFactory(title="Grande conférence", capacity=CAPACITY, start=at(10))
    slot = page.slots.get()
    with GunicornServer(_postgres_url(), workers=6) as server:
        results, cookie, csrf = _run_crowd(server, page.url, slot.pk)
        _check_sign_ups(results)
        counts = Counter(Registration.objects.filter(slot=slot).values_list("status", flat=True))
        assert counts == {"confirmed": CAPACITY, "waitlisted": SIGN_UPS - CAPACITY}
        tokens = list(
            slot.registrations.filter(status="confirmed").values_list("token", flat=True)[:CANCELS]
        )
        cancels = _cancel_crowd(server, tokens, cookie, csrf)
    assert {status for status, _body in cancels} == {303}
    counts = Counter(Registration.objects.filter(slot=slot).values_list("status", flat=True))
    assert counts == {
        "confirmed": CAPACITY,
        "waitlisted": SIGN_UPS - CAPACITY - CANCELS,
        "cancelled": CANCELS,
    }
    promoted = Registration.objects.filter(slot=slot, promoted_at__isnull=False).order_by(
        "queued_at"
    )
    assert promoted.count() == CANCELS
    first_waiting = Registration.objects.filter(slot=slot).exclude(promoted_at=None)
    assert set(first_waiting) == set(
        Registration.objects.filter(slot=slot)
        .exclude(status="cancelled")
        .order_by("queued_at", "pk")[CAPACITY - CANCELS : CAPACITY]
    )  # the oldest in the queue, in order


def test_sqlite_simultaneous_sign_ups_never_overbook_nor_fail(
    transactional_db, small_site, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant runs in the SQLite pass")
    page = EventPageFactory(title="Grande conférence", capacity=CAPACITY, start=at(10))
    slot_id = page.slots.get().pk
    database = tmp_path / "crowd.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()

    def counts():
        with sqlite3.connect(database) as db:
            rows = db.execute(
                "SELECT status, count(*) FROM events_registration WHERE slot_id = ? GROUP BY status",
                [slot_id],
            )
            return dict(rows.fetchall())

    with GunicornServer(f"sqlite:///{database}", workers=3) as server:
        results, cookie, csrf = _run_crowd(server, page.url, slot_id)
        _check_sign_ups(results)
        assert counts() == {"confirmed": CAPACITY, "waitlisted": SIGN_UPS - CAPACITY}
        with sqlite3.connect(database) as db:
            tokens = [row[0] for row in db.execute(
                "SELECT token FROM events_registration WHERE slot_id = ? AND status = 'confirmed' LIMIT ?",
                [slot_id, CANCELS],
            )]  # fmt: skip
        cancels = _cancel_crowd(server, tokens, cookie, csrf)
    assert {status for status, _body in cancels} == {303}
    assert counts() == {
        "confirmed": CAPACITY,
        "waitlisted": SIGN_UPS - CAPACITY - CANCELS,
        "cancelled": CANCELS,
    }
    with sqlite3.connect(database) as db:
        promoted = db.execute(
            "SELECT count(*) FROM events_registration WHERE slot_id = ? AND promoted_at IS NOT NULL",
            [slot_id],
        ).fetchone()[0]
    assert promoted == CANCELS
