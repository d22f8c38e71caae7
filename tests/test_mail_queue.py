"""The site's one mail queue (portal.mail on django-mailer): after commit, back-off, staff view,
personal data."""

import datetime
import io
import threading

import pytest
from mailer.models import Message, MessageLog

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

from portal import mail as queue

pytestmark = pytest.mark.django_db


def write(to="anne@example.org", subject="Bonjour", **kwargs):
    return EmailMessage(subject, "Un courriel du site.", to=[to], **kwargs).send()


@pytest.fixture
def smtp_down(settings, smtp_server):
    """The real SMTP server of the test is up; the site points at a closed port."""
    settings.EMAIL_PORT = 1
    return smtp_server


def test_an_email_is_sent_right_after_the_commit_and_never_for_a_rollback(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        write(to="annule@example.org")
        raise RuntimeError("the caller's transaction fails")
    assert not mailoutbox and not Message.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("Bienvenue", "Texte", None, ["anne@example.org"])
        assert Message.objects.count() == 1 and not mailoutbox  # a row, not sent before commit
    assert callbacks
    [sent] = mailoutbox
    assert sent.to == ["anne@example.org"] and sent.subject == "Bienvenue"
    assert not Message.objects.exists()
    assert MessageLog.objects.get().result == "1"  # logged as sent


def test_a_failed_email_is_retried_with_back_off_and_goes_as_soon_as_smtp_answers(
    settings, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(to="premier@example.org")
    [row] = Message.objects.deferred()
    assert row.retry_count == 0
    assert "ConnectionRefusedError" in MessageLog.objects.get(result="3").log_message

    queue.run_queue()  # not a minute yet: left alone
    row.refresh_from_db()
    assert row.retry_count == 0

    Message.objects.filter(pk=row.pk).update(
        when_added=timezone.now() - datetime.timedelta(minutes=1)
    )
    queue.run_queue()  # due: tried again, still down
    row.refresh_from_db()
    assert row.retry_count == 1 and row.priority == 4
    assert MessageLog.objects.filter(result="3").count() == 2

    settings.EMAIL_PORT = smtp_down.port  # the server answers again
    queue.run_queue()  # next try after 1 + 2 minutes: not yet
    assert not smtp_down.messages
    # A new email goes at once, and since the server answered, the waiting one goes too.
    with django_capture_on_commit_callbacks(execute=True):
        write(to="second@example.org")
    counts = queue.run_queue()
    received = smtp_down.wait_for(2)
    assert sorted(item["to"][0] for item in received) == [
        "premier@example.org",
        "second@example.org",
    ]
    assert counts["waiting"] == 0 and not Message.objects.exists()
    queue.run_queue()
    assert len(smtp_down.messages) == 2


def test_naming_the_email_job_retries_every_failed_email_now(settings, smtp_down, mailoutbox):
    with transaction.atomic():
        write(to="a@example.org")
        write(to="b@example.org")
    queue.send_now(list(Message.objects.values_list("pk", flat=True)))  # as after the commit
    assert Message.objects.deferred().count() == 2
    settings.EMAIL_PORT = smtp_down.port
    out = io.StringIO()
    call_command("run_scheduled", "email", stdout=out)
    assert "Courriels envoyés : 2" in out.getvalue()
    assert len(smtp_down.wait_for(2)) == 2
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert len(smtp_down.messages) == 2


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_row_once(postgres_only, settings, smtp_server):
    settings.EMAIL_PORT = 1  # rows are written and fail: they wait in the queue
    for n in range(6):
        write(to=f"p{n}@example.org")
    assert Message.objects.deferred().count() == 6
    settings.EMAIL_PORT = smtp_server.port
    Message.objects.update(priority=2)
    errors = []

    def sender():
        try:
            queue.run_queue()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    received = smtp_server.wait_for(6)
    queue.run_queue()
    assert sorted(item["to"][0] for item in smtp_server.messages) == [
        f"p{n}@example.org" for n in range(6)
    ]
    assert len(received) == 6 and not Message.objects.exists()


def test_staff_see_the_queue_and_the_log_read_only(
    client, small_site, settings, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(to="attente@example.org", subject="Votre inscription")
    settings.EMAIL_PORT = smtp_down.port
    with django_capture_on_commit_callbacks(execute=True):
        write(to="parti@example.org", subject="Message relayé")

    User = get_user_model()
    client.force_login(User.objects.get(username="editeur"))  # superuser
    listing = client.get("/admin/courriels/file/").content.decode()
    assert "attente@example.org" in listing and "Votre inscription" in listing
    assert "En échec ; nouvel essai vers" in listing
    assert "parti@example.org" not in listing
    log = client.get("/admin/courriels/journal/").content.decode()
    assert "parti@example.org" in log and "Envoyé" in log
    assert "ConnectionRefusedError" in log  # the failed attempt, with its error
    assert "Courriels en attente" in client.get("/admin/").content.decode()  # Reports menu
    row = Message.objects.get()
    assert client.get(f"/admin/courriels/file/edit/{row.pk}/").status_code != 200
    assert client.post(f"/admin/courriels/file/delete/{row.pk}/").status_code != 200
    assert Message.objects.filter(pk=row.pk).exists()

    client.force_login(User.objects.get(username="redacteur"))  # an editor: not staff for mail
    assert client.get("/admin/courriels/file/").status_code != 200
    assert "Courriels en attente" not in client.get("/admin/").content.decode()
    group = Group.objects.get(name="Editors")
    group.permissions.add(Permission.objects.get(codename="view_message"))
    assert client.get("/admin/courriels/file/").status_code == 200


def test_personal_data_and_erasure_of_an_address(
    settings, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(to="Anne Roux <anne@example.org>", subject="Confirmation")  # fails: queued
    settings.EMAIL_PORT = smtp_down.port
    with django_capture_on_commit_callbacks(execute=True):
        write(
            to="freelance@example.org", subject="Un message d’Anne", reply_to=["anne@example.org"]
        )
        write(to="autre@example.org", subject="Pour quelqu’un d’autre")

    items = queue.personal_data("ANNE@example.org")
    assert [(item["subject"], item["status"]) for item in items] == [
        ("Confirmation", "deferred"),  # still queued, retried later
        ("Confirmation", "failed"),  # the failed attempt's log line
        ("Un message d’Anne", "sent"),  # Anne is its Reply-To
    ]
    assert all(item["date"] and item["status_label"] for item in items)

    assert queue.erase("anne@example.org") == 3
    assert queue.personal_data("anne@example.org") == []
    assert [item["subject"] for item in queue.personal_data("autre@example.org")] == [
        "Pour quelqu’un d’autre"
    ]
    assert queue.erase("") == 0


def test_the_purge_job_deletes_old_log_lines_never_the_queue(
    settings, smtp_down, django_capture_on_commit_callbacks
):
    settings.MAIL_LOG_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        write(to="attente@example.org")
    settings.EMAIL_PORT = smtp_down.port
    with django_capture_on_commit_callbacks(execute=True):
        write(to="vieux@example.org")
        write(to="recent@example.org")
    old = timezone.now() - datetime.timedelta(days=31)
    MessageLog.objects.filter(message_data__isnull=False).exclude(
        pk=MessageLog.objects.order_by("-pk").values("pk")[:1]
    ).update(when_attempted=old)
    Message.objects.update(when_added=old)
    out = io.StringIO()
    call_command("run_scheduled", "purge", stdout=out)
    assert "Journal des courriels : 2 ligne(s)" in out.getvalue()
    assert [item["status"] for item in queue.personal_data("recent@example.org")] == ["sent"]
    assert queue.personal_data("vieux@example.org") == []
    assert Message.objects.get().to_addresses == ["attente@example.org"]  # still to be sent
