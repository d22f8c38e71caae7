"""The email outbox: every email is a row first, written in the caller's transaction.

Once that transaction commits the rows are sent (``transaction.on_commit``). A send that fails
leaves the row with its error; ``manage.py send_outbox`` retries it later, so an SMTP outage
never loses a sign-up nor its email.
"""

import base64
import contextlib
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxEmail, Registration

logger = logging.getLogger("events")

MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


def base_url_or_default(base_url=None):
    return (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def _schedule(pk):
    transaction.on_commit(lambda: send_pending(ids=[pk]))


def queue(*, to, subject, body, kind, registration=None, attachments=()):
    email = OutboxEmail.objects.create(
        to=to,
        subject=" ".join(subject.split()),
        body=body,
        kind=kind,
        registration=registration,
        attachments=list(attachments),
    )
    _schedule(email.pk)
    return email


def queue_registration_email(registration, kind, base_url=None, **extra):
    """Records an email about a sign-up; it is rendered and sent once the transaction commits."""
    email = OutboxEmail.objects.create(
        to=registration.email,
        kind=kind,
        registration=registration,
        context={"base_url": base_url_or_default(base_url), **extra},
    )
    _schedule(email.pk)
    return email


def render_registration_email(row):
    """Fills subject, body and attachments from ``events/emails/<kind>.txt`` (line 1: subject)."""
    from .ical import calendar_bytes

    registration = Registration.objects.select_related(
        "slot", "slot__page", "slot__telecentre__commune"
    ).get(pk=row.registration_id)
    slot = registration.slot
    base = row.context.get("base_url") or base_url_or_default()
    extra = {key: value for key, value in row.context.items() if key != "base_url"}
    context = {
        "registration": registration,
        "slot": slot,
        "start": timezone.localtime(slot.start),
        "end": timezone.localtime(slot.end),
        "page_url": base + slot.url,
        "manage_url": base + registration.get_absolute_url(),
        "position": registration.waitlist_position,
        "site_name": settings.WAGTAIL_SITE_NAME,
        **extra,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject, _sep, body = (
            render_to_string(f"events/emails/{row.kind}.txt", context).strip().partition("\n")
        )
    attachments = []
    private = registration.status == Registration.CONFIRMED
    if private and row.kind in ("confirmed", "promoted", "moved", "reminder"):
        ics = calendar_bytes([slot], name=slot.title, base_url=base, private=True)
        attachments.append(
            {
                "filename": "evenement.ics",
                "mimetype": "text/calendar",
                "content": base64.b64encode(ics).decode(),
            }
        )
    if row.kind == "slot_cancelled":
        ics = calendar_bytes([slot], name=slot.title, base_url=base, method="CANCEL")
        attachments.append(
            {
                "filename": "annulation.ics",
                "mimetype": "text/calendar",
                "content": base64.b64encode(ics).decode(),
            }
        )
    row.subject = " ".join(subject.split())
    row.body = body.strip() + "\n"
    row.attachments = attachments
    row.save(update_fields=["subject", "body", "attachments"])
    return row


def queue_message(registration, subject, body, base_url=None):
    base = base_url_or_default(base_url)
    context = {
        "registration": registration,
        "slot": registration.slot,
        "start": timezone.localtime(registration.slot.start),
        "message": body,
        "manage_url": base + registration.get_absolute_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("events/emails/message.txt", context)
    return queue(
        to=registration.email, subject=subject, body=text, kind="message", registration=registration
    )


def _claim(pk, now):
    """Takes a row for sending (so two senders never send it twice)."""
    return (
        OutboxEmail.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now)
        == 1
    )


def _message(row, connection):
    message = EmailMessage(
        subject=row.subject,
        body=row.body,
        to=[row.to],
        connection=connection,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    for attachment in row.attachments:
        content = base64.b64decode(attachment["content"])
        mimetype = attachment.get("mimetype", "application/octet-stream")
        if mimetype.startswith("text/"):
            content = content.decode("utf-8")
            mimetype += "; charset=utf-8" if mimetype == "text/calendar" else ""
        message.attach(attachment["filename"], content, mimetype)
    return message


def send_pending(ids=None, limit=500):
    """Sends unsent rows (these ``ids``, or every one due); returns (sent, failed)."""
    now = timezone.now()
    rows = OutboxEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    sent = failed = 0
    connection = None
    for row in rows.order_by("created_at", "pk")[:limit]:
        if not _claim(row.pk, now):
            continue
        try:
            if not row.body and row.registration_id:
                render_registration_email(row)
            connection = connection or get_connection(fail_silently=False)
            _message(row, connection).send()
        except Exception as exc:  # noqa: BLE001 - any failure keeps the row for a retry
            logger.warning("Email %s to %s not sent: %s", row.pk, row.to, exc)
            OutboxEmail.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=str(exc)[:2000], claimed_at=None
            )
            failed += 1
            connection = None
        else:
            OutboxEmail.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), attempts=row.attempts + 1, last_error="", claimed_at=None
            )
            sent += 1
    if connection is not None:
        with contextlib.suppress(Exception):
            connection.close()
    return sent, failed
