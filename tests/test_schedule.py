"""The one schedule (``run_scheduled``): due jobs, named jobs, the list, one runner at a time."""

import datetime
import io
import socket
import subprocess
import sys

import pytest

from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from portal import schedule
from portal.models import JobRun

pytestmark = pytest.mark.django_db

JOBS = ["email", "reminders", "index", "publish", "purge", "freshness"]


def run(*args):
    out = io.StringIO()
    call_command("run_scheduled", *args, stdout=out, stderr=out)
    return out.getvalue()


def started(name):
    return JobRun.objects.get(name=name).started_at


def test_list_shows_every_job_with_its_cadence_and_last_run(small_site):
    text = run("--list")
    assert [line.split()[0] for line in text.splitlines() if not line.startswith(" ")] == JOBS
    assert "email      chaque minute    jamais lancée" in text
    assert "purge      chaque jour" in text and "reminders  chaque heure" in text
    run("email")
    text = run("--list")
    assert (
        "email      chaque minute    dernière :" in text and "réussie — Courriels envoyés" in text
    )


def test_without_names_runs_what_is_due_once(small_site):
    first = run()
    for name in JOBS:
        assert f"{name} : réussie" in first
    assert all(JobRun.objects.get(name=name).ok for name in JOBS)
    before = {name: started(name) for name in JOBS}
    assert run() == ""  # a minute has not passed: nothing is due
    assert {name: started(name) for name in JOBS} == before

    # A minute later (give or take cron's jitter) the minute jobs run again, the others wait.
    JobRun.objects.update(started_at=timezone.now() - datetime.timedelta(seconds=50))
    again = run()
    assert {line.split(" : ")[0] for line in again.splitlines() if " : réussie" in line} == {
        "email",
        "index",
        "publish",
    }
    JobRun.objects.filter(name="purge").update(
        started_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert "purge : réussie" in run()


def hold_elsewhere(name):
    """Makes another server hold the job's lock; returns how to let it go."""
    JobRun.objects.get_or_create(name=name)
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [schedule._advisory_key(name)])
        return other.close
    JobRun.objects.filter(name=name).update(
        running_since=timezone.now(), running_owner="serveur-2:4242"
    )
    return lambda: JobRun.objects.filter(name=name).update(running_since=None, running_owner="")


def test_a_job_another_server_runs_is_not_run_twice(small_site, mailoutbox):
    from django.core.mail import send_mail

    release = hold_elsewhere("email")
    try:
        send_mail("Bonjour", "Texte", None, ["anne@example.org"])  # queued; no commit here
        assert "email : déjà en cours ailleurs" in run("email")
        assert run().count("email :") == 0  # not run by the due pass either
        assert not mailoutbox and started("email") is None
    finally:
        release()
    assert "email : réussie" in run("email")
    assert [m.to for m in mailoutbox] == [["anne@example.org"]]


def test_the_lease_of_a_process_that_died_is_taken_over(small_site):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL frees an advisory lock with its session")
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    JobRun.objects.create(
        name="publish",
        running_since=timezone.now(),
        running_owner=f"{socket.gethostname()}:{process.pid}",
    )
    assert "publish : réussie" in run("publish")
    row = JobRun.objects.get(name="publish")
    assert row.running_since is None and row.ok


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(small_site, settings):
    from directory.factories import ProfileFactory
    from search.models import PendingIndexChange

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    profile = ProfileFactory(display_name="Odile Perret")
    PendingIndexChange.objects.update_or_create(
        profile_id=profile.pk, defaults={"queued_at": timezone.now()}
    )
    with pytest.raises(CommandError, match="index"):
        run()
    index = JobRun.objects.get(name="index")
    assert index.ok is False and "en attente" in index.summary
    assert JobRun.objects.get(name="email").ok and JobRun.objects.get(name="freshness").ok
    assert "index" in run("--list") and "ÉCHEC" in run("--list")


def test_unknown_job_names_are_refused(small_site):
    with pytest.raises(CommandError, match="Tâche inconnue : mail"):
        run("mail")
