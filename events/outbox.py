"""Emails about sign-ups, through the site's one mail queue (``portal.mail``).

``queue_registration_email()`` records, in the decision's own transaction, which email a
sign-up needs (a ``RegistrationEmail`` row: kind and context): if the process dies after
the commit, nothing is lost. Nothing more happens in the request: the sign-up's own page
shows its status, date, calendar and cancel link at once, the email is the receipt. The
``email`` job of ``run_scheduled`` (cron, every minute) writes them: its hook
``cybercantal_prepare_emails`` calls ``write_pending()``, which renders each row (templates,
iCalendar attachment: outside any transaction, never under a Slot's lock), then, a batch
at a time, one short transaction deletes the rows still there and writes their emails to
the mail queue, which the same job then sends (one SMTP connection) and retries if SMTP
fails. Every sign-up email waits for the job the same way: confirmation, waiting list,
"already registered", cancellation, promotion, change of date, cancelled date, reminder
(one rule, and the same delay for a new sign-up and a repeated one). ``queue_message()``
(the organisers' messages) renders at once, inside the caller's transaction, and is sent
after its commit like every other email of the site.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import mail

from .models.registrations import Registration, RegistrationEmail

logger = logging.getLogger("events")

CALENDAR = "text/calendar; charset=utf-8"


def base_url_or_default(base_url=None):
    return (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


RELATED = ("registration__slot__page", "registration__slot__telecentre__commune")


def queue_registration_email(registration, kind, base_url=None, **extra):
    """Records an email about a sign-up, in the caller's transaction; the ``email`` job
    renders and sends it (``write_pending``)."""
    return RegistrationEmail.objects.create(
        registration=registration,
        kind=kind,
        context={"base_url": base_url_or_default(base_url), **extra},
    )


def render_registration_email(row):
    """The email of a ``RegistrationEmail`` from ``events/emails/<kind>.txt`` (line 1: subject).

    ``row.registration`` is used as it is: read it with ``RELATED`` (``write_pending`` does)."""
    from .ical import attachment_bytes

    registration = row.registration
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
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        to=[registration.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
    private = registration.status == Registration.CONFIRMED
    if private and row.kind in ("confirmed", "promoted", "moved", "reminder"):
        ics = attachment_bytes(slot, base_url=base, private=True)
        message.attach("evenement.ics", ics.decode("utf-8"), CALENDAR)
    if row.kind == "slot_cancelled":
        ics = attachment_bytes(slot, base_url=base, method="CANCEL")
        message.attach("annulation.ics", ics.decode("utf-8"), CALENDAR)
    return message


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
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=text,
        to=[registration.email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    ).send()


BATCH = 50  # emails written to the mail queue per transaction


def write_pending():
    """Renders every recorded sign-up email into the mail queue (the ``email`` job's hook).
    Returns how many were queued.

    Each email is rendered outside any transaction; then one transaction per batch locks the
    batch's rows still there, deletes them and writes their emails to the queue: a row
    written meanwhile by someone else (a second run) is gone and nothing is queued for it,
    never twice. An email that fails to render stays recorded (logged) for the next run.
    """
    rows = RegistrationEmail.objects.select_related(*RELATED).order_by("pk")
    ids = list(rows.values_list("pk", flat=True))
    queued = 0
    for first in range(0, len(ids), BATCH):
        batch = {}
        for row in rows.filter(pk__in=ids[first : first + BATCH]):
            try:
                batch[row.pk] = render_registration_email(row) if row.registration.email else None
            except Exception:  # the row stays; the next run tries again
                logger.exception(
                    "Sign-up email %s not written; `run_scheduled email` retries", row.pk
                )
        if batch:
            queued += _write(batch)
    return queued


def _write(batch):
    """Deletes these rows and queues their emails, in one transaction; returns the count."""
    with transaction.atomic():
        present = list(
            RegistrationEmail.objects.select_for_update()
            .filter(pk__in=list(batch))
            .values_list("pk", flat=True)
        )
        RegistrationEmail.objects.filter(pk__in=present).delete()
        messages = [batch[pk] for pk in present if batch[pk] is not None]
        mail.enqueue(messages)
    return len(messages)
