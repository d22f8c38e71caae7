"""The site's one schedule, in code: what runs when (``manage.py run_scheduled``).

One cron line calls ``run_scheduled`` every minute; it runs each job of ``JOBS`` that is
due (its cadence elapsed since its last start) and exits. ``run_scheduled JOB …`` runs the
named jobs now, ``--list`` shows them with their last run.

With several application servers (each with the cron line), one job runs on one server at
a time: the job is locked in the database before it runs — a PostgreSQL advisory lock
(released by the server even if the process dies), or on SQLite a lease on the job's
``JobRun`` row (``running_since``, taken by one conditional ``UPDATE``; a lease whose
process is gone, or older than ``STALE_AFTER``, is taken over). Whoever gets the lock checks
again that the job is due, runs it, and records when and how it went in ``JobRun``.
"""

import dataclasses
import datetime
import io
import logging
import os
import socket
import time
import traceback
import zlib
from collections.abc import Callable
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger("portal.schedule")

# A job is due when its cadence has elapsed since its last start, give or take this much
# (cron starts each minute's run a little late or early).
SLACK = datetime.timedelta(seconds=30)
STALE_AFTER = datetime.timedelta(hours=1)
ADVISORY_NAMESPACE = "cybercantal.run_scheduled."


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    every: datetime.timedelta
    description: str
    # Called with force=True when named on the command line; returns a short summary.
    run: Callable[[bool], str]


def _commands(*commands):
    """A job that runs management commands in turn; its summary is what they print."""

    def run(force):
        out = io.StringIO()
        for args in commands:
            call_command(*args, stdout=out, stderr=out)
        return out.getvalue().strip()

    return run


def _email(force):
    from .mail import run_queue

    counts = run_queue(force=force)
    return (
        "Courriels envoyés : {sent}, en échec : {failed}, remis en file : {retried}, "
        "encore en file : {waiting}.".format(**counts)
    )


def _purge(force):
    from .mail import purge

    summary = _commands(
        ("purge_registrations",), ("purge_contact_messages",), ("purge_welcome_questions",)
    )(force)
    return f"{summary}\nJournal des courriels : {purge()} ligne(s) ancienne(s) supprimée(s)."


MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

JOBS = {
    job.name: job
    for job in [
        Job(
            "email",
            MINUTE,
            "la file des courriels : envoie, réessaie les échecs (délai croissant)",
            _email,
        ),
        Job(
            "reminders",
            HOUR,
            "rappels 48 h avant les événements (send_reminders)",
            _commands(("send_reminders",)),
        ),
        Job(
            "index",
            MINUTE,
            "annuaire : rejoue les changements manqués par Elasticsearch (directory_index sync)",
            _commands(("directory_index", "sync")),
        ),
        Job(
            "publish",
            MINUTE,
            "publication programmée des pages (publish_scheduled)",
            _commands(("publish_scheduled",)),
        ),
        Job(
            "purge",
            DAY,
            "durées de conservation : inscriptions, messages relayés, questions des nouveaux "
            "arrivants, journal des courriels (purge_registrations, purge_contact_messages, "
            "purge_welcome_questions)",
            _purge,
        ),
        Job(
            "freshness",
            DAY,
            "annuaire : « toujours disponible ? », profils retirés (directory_freshness)",
            _commands(("directory_freshness",)),
        ),
    ]
}


def is_due(job, run, now):
    return run.started_at is None or now - run.started_at >= job.every - SLACK


# ---------------------------------------------------------------------------
# The lock


def _owner():
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_is_gone(owner):
    host, _sep, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's: only STALE_AFTER frees it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _advisory_key(name):
    return zlib.crc32((ADVISORY_NAMESPACE + name).encode())


@contextmanager
def _postgres_lock(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_advisory_key(name)])
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_advisory_key(name)])


@contextmanager
def _lease(name):
    now = timezone.now()
    owner = _owner()
    free = Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_AFTER)
    row = JobRun.objects.get(name=name)
    if row.running_since and row.running_owner and _owner_is_gone(row.running_owner):
        free |= Q(running_owner=row.running_owner)
    locked = (
        JobRun.objects.filter(free, name=name).update(running_since=now, running_owner=owner) == 1
    )
    try:
        yield locked
    finally:
        if locked:
            JobRun.objects.filter(name=name, running_owner=owner).update(
                running_since=None, running_owner=""
            )


@contextmanager
def job_lock(name):
    """Yields True when this process holds the job's lock (and False when another does)."""
    JobRun.objects.get_or_create(name=name)
    if connection.vendor == "postgresql":
        with _postgres_lock(name) as locked:
            if locked:
                JobRun.objects.filter(name=name).update(
                    running_since=timezone.now(), running_owner=_owner()
                )
            try:
                yield locked
            finally:
                if locked:
                    JobRun.objects.filter(name=name).update(running_since=None, running_owner="")
    else:
        with _lease(name) as locked:
            yield locked


# ---------------------------------------------------------------------------
# Running


@dataclasses.dataclass
class Outcome:
    job: Job
    status: str  # "ok", "failed", "busy" (another server runs it), "not due"
    summary: str = ""
    seconds: float = 0.0


def run_job(job, force=False):
    """Runs one job under its lock (if due, or always when ``force``); returns an Outcome."""
    with job_lock(job.name) as locked:
        if not locked:
            return Outcome(job, "busy")
        record = JobRun.objects.get(name=job.name)
        now = timezone.now()
        if not force and not is_due(job, record, now):
            return Outcome(job, "not due")
        JobRun.objects.filter(name=job.name).update(started_at=now)
        started = time.monotonic()
        try:
            summary, ok = job.run(force), True
        except Exception as exc:  # one job's failure never stops the others
            logger.exception("Scheduled job %s failed", job.name)
            summary, ok = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}", False
        seconds = time.monotonic() - started
        JobRun.objects.filter(name=job.name).update(
            finished_at=timezone.now(), ok=ok, summary=summary[:10_000]
        )
        return Outcome(job, "ok" if ok else "failed", summary, seconds)


def run(names=None):
    """Runs the named jobs now, or every due job when ``names`` is empty. Returns the Outcomes."""
    if names:
        return [run_job(JOBS[name], force=True) for name in names]
    now = timezone.now()
    outcomes = []
    for name, record in last_runs().items():
        job = JOBS[name]
        if record is None or is_due(job, record, now):  # checked again under the lock
            outcomes.append(run_job(job))
    return outcomes


def last_runs():
    """{name: JobRun or None} for every job."""
    runs = JobRun.objects.in_bulk(list(JOBS))
    return {name: runs.get(name) for name in JOBS}
