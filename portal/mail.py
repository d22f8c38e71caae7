"""The site's one mail queue: every email is a database row first (django-mailer).

``EMAIL_BACKEND = "portal.mail.QueueBackend"`` makes every ``send_mail()`` and
``EmailMessage.send()`` of the site — ours, allauth's, Wagtail's, Django's — write a row of
``mailer.Message`` in the caller's transaction. Once that transaction commits, those rows
are sent at once through ``MAILER_EMAIL_BACKEND`` (SMTP in production). A send that fails
(SMTP down, refused) is *deferred*: the row stays, with a failure line in
``mailer.MessageLog``, and ``run_queue()`` (the ``email`` job of ``run_scheduled``, every
minute) retries it with back-off (``retry_delay()``); once the latest attempt to send
anything succeeded (the server answers again), every deferred email is retried at once.
A request therefore never fails because of SMTP, an email is never lost (a deferred row is
retried forever and stays visible to staff in the Wagtail admin), and never sent twice:
each row is sent inside a transaction that locks it (``SELECT … FOR UPDATE NOWAIT`` on
PostgreSQL, SQLite's write lock) and is deleted in that same transaction, with a line
"sent" in the log.

Functions for the other parts of the site:

- ``enqueue(messages) -> [id]``: writes emails as queue rows in the caller's transaction
  without the send after commit; the ``email`` job sends them (``QueueBackend`` uses it).
- ``run_queue(force=False)``: sends what is due; ``force`` retries every deferred email now
  (``run_scheduled email`` named by an operator). Returns a summary dict. It first calls
  the Wagtail hook ``cybercantal_prepare_emails``: apps that record an email in their own
  transaction and leave it to this job write it then (``events.outbox``: the sign-up
  emails, which no request renders nor sends; they go within the minute, in one SMTP
  connection with the rest of the queue).
- ``purge(days=MAIL_LOG_RETENTION_DAYS)``: deletes log lines (copies of sent and failed
  emails) older than that; the queue itself is never purged.
- ``personal_data(email) -> list[dict]``: for the RGPD export, every queued email and every
  logged copy of an email to, copied to, or answering to (Reply-To) that address:
  ``{"date", "subject", "to", "status", "status_label"}``, oldest first; ``status`` is
  ``queued`` (waiting to be sent), ``deferred`` (failed, will be retried), ``sent`` or
  ``failed`` (a failed attempt, logged).
- ``erase(email) -> int``: for the RGPD erasure, deletes those same rows (queue and log);
  returns how many were deleted.
"""

import datetime
import email.utils
import logging
from functools import partial

from mailer import engine
from mailer.backend import DbBackend
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    Message,
    MessageLog,
)

from django.conf import settings
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from portal import hooks as portal_hooks

logger = logging.getLogger("portal.mail")

STATUS_LABELS = {
    "queued": _("en attente d’envoi"),
    "deferred": _("en échec, nouvel essai prévu"),
    "sent": _("envoyé"),
    "failed": _("tentative échouée"),
}


class QueueBackend(DbBackend):
    """Writes the emails as queue rows and sends them once the current transaction commits."""

    def send_messages(self, email_messages):
        ids = enqueue(email_messages)
        if ids:
            transaction.on_commit(partial(send_now, ids), robust=True)
        return len(ids)


def enqueue(email_messages):
    """Writes these emails as queue rows, in the caller's transaction, without sending them
    (the ``email`` job does); returns the rows' ids. ``QueueBackend`` sends its rows after
    the commit."""
    email_messages = [message for message in email_messages if message.recipients()]
    for message in email_messages:
        # A Message-ID from the start: the log lines of every attempt carry it.
        if not any(key.lower() == "message-id" for key in message.extra_headers):
            message.extra_headers["Message-ID"] = make_msgid(domain=DNS_NAME)
        message.connection = None  # not pickled into the row
    rows = Message.objects.bulk_create([Message(email=message) for message in email_messages])
    return [row.pk for row in rows]


def defer_on_error(connection, message, exc):
    """django-mailer's error handler: every failure defers the email (none blocks the queue)."""
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=f"{type(exc).__name__}: {exc}")
    logger.warning("Email %s deferred: %s: %s", message.pk, type(exc).__name__, exc)
    return None, "deferred"


def send_now(ids):
    """Sends these queue rows (right after the commit that wrote them); never raises."""
    queryset = Message.objects.non_deferred().filter(pk__in=ids)
    try:
        # Read once: django-mailer's ``send_all`` tests the same queryset (from its cache,
        # no second query) and sends every queued email when it is empty.
        if queryset:
            engine.send_all(queryset)
    except Exception:  # the rows stay queued; the `email` job sends them
        logger.exception("Sending queued emails %s failed; `run_scheduled email` retries", ids)


def retry_delay(retries):
    """How long a deferred email waits after its ``retries``-th retry: 1, 2, 4 … 30 minutes."""
    return datetime.timedelta(minutes=min(2**retries, 30))


def next_retry_at(when_added, retries):
    """When a deferred email written at ``when_added`` and retried ``retries`` times is due."""
    return when_added + sum((retry_delay(n) for n in range(retries + 1)), datetime.timedelta())


def _requeue(queryset):
    return queryset.update(priority=PRIORITY_MEDIUM, retry_count=F("retry_count") + 1)


def retry_due(now=None, force=False):
    """Puts back in the queue the deferred emails whose back-off is over (all if ``force``)."""
    now = now or timezone.now()
    deferred = Message.objects.deferred()
    if force:
        return _requeue(deferred)
    due = [
        pk
        for pk, added, retries in deferred.values_list("pk", "when_added", "retry_count")
        if next_retry_at(added, retries) <= now
    ]
    return _requeue(deferred.filter(pk__in=due)) if due else 0


def _counts(since):
    logged = MessageLog.objects.filter(when_attempted__gte=since)
    return logged.filter(result=RESULT_SUCCESS).count(), logged.filter(
        result=RESULT_FAILURE
    ).count()


def _server_answered_last():
    """True when the latest attempt to send anything (here or in a request) succeeded."""
    latest = MessageLog.objects.order_by("-pk").values_list("result", flat=True).first()
    return latest == RESULT_SUCCESS


def run_queue(force=False):
    """The ``email`` job: emails written by the apps, due retries, the queue. Returns counts."""
    started = timezone.now()
    for prepare in hooks.get_hooks(portal_hooks.PREPARE_EMAILS):
        prepare()  # e.g. sign-up emails recorded but not yet rendered (events.outbox)
    retried = retry_due(started, force=force)
    if Message.objects.non_deferred().exists():
        engine.send_all()
    if Message.objects.deferred().exists() and _server_answered_last():
        # The server answers again: what waits for its back-off goes now.
        retried += retry_due(force=True)
        engine.send_all()
    sent, failed = _counts(started)
    return {
        "sent": sent,
        "failed": failed,
        "retried": retried,
        "waiting": Message.objects.count(),
    }


def purge(days=None):
    """Deletes the log lines (copies of sent emails, failed attempts) older than ``days``."""
    days = settings.MAIL_LOG_RETENTION_DAYS if days is None else days
    return MessageLog.objects.purge_old_entries(days, [RESULT_SUCCESS, RESULT_FAILURE])


# ---------------------------------------------------------------------------
# Personal data


def _addresses(message):
    fields = ("to", "cc", "bcc", "reply_to")
    values = [value for field in fields for value in (getattr(message, field, None) or [])]
    return {address.strip().lower() for _name, address in email.utils.getaddresses(values)}


def _rows_for(address):
    """(row, status, date, email message) of every queue row and log line concerning ``address``."""
    address = address.strip().lower()
    for row in Message.objects.order_by("when_added", "pk").iterator():
        message = row.email
        if message is not None and address in _addresses(message):
            status = "deferred" if row.priority == PRIORITY_DEFERRED else "queued"
            yield row, status, row.when_added, message
    for row in MessageLog.objects.order_by("when_attempted", "pk").iterator():
        message = row.email
        if message is not None and address in _addresses(message):
            status = "sent" if row.result == RESULT_SUCCESS else "failed"
            yield row, status, row.when_attempted, message


def personal_data(address):
    """The emails kept to or about ``address`` (see the module docstring)."""
    if not address or not address.strip():
        return []
    items = [
        {
            "date": date,
            "subject": message.subject,
            "to": ", ".join(message.to),
            "status": status,
            "status_label": str(STATUS_LABELS[status]),
        }
        for _row, status, date, message in _rows_for(address)
    ]
    return sorted(items, key=lambda item: item["date"])


def erase(address):
    """Deletes every queued email and log line to or about ``address``; returns the count."""
    if not address or not address.strip():
        return 0
    queued, logged = [], []
    for row, _status, _date, _message in _rows_for(address):
        (queued if isinstance(row, Message) else logged).append(row.pk)
    with transaction.atomic():
        deleted = Message.objects.filter(pk__in=queued).delete()[0]
        deleted += MessageLog.objects.filter(pk__in=logged).delete()[0]
    return deleted
