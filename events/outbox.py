"""Emails about sign-ups, through the site's one mail queue (``portal.mail``).

``queue_registration_email()`` records, in the sign-up's own transaction, which email a
sign-up needs (a ``RegistrationEmail`` row: kind and context). Once that transaction commits,
``write_pending()`` renders it (templates, iCalendar attachment: never under the Slot's lock,
nor in a transaction), then in one short transaction deletes the row and hands the email to
the mail queue; the queue sends it right away and retries it if SMTP fails. A sign-up just
decided passes its own objects (``current``: the sign-up, its date with the date's page and
centre, read under the lock): its email renders without reading them again. If the process stops between the commit and the
rendering, the ``email`` job of ``run_scheduled`` renders what is left (hook
``cybercantal_prepare_emails``). ``queue_message()`` (the organisers' messages) renders at
once, inside the caller's transaction.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models.registrations import Registration, RegistrationEmail

logger = logging.getLogger("events")

CALENDAR = "text/calendar; charset=utf-8"


def base_url_or_default(base_url=None):
    return (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


RELATED = ("registration__slot__page", "registration__slot__telecentre__commune")


def queue_registration_email(registration, kind, base_url=None, current=False, **extra):
    """Records an email about a sign-up; it is rendered and queued once the transaction commits.

    ``current``: ``registration`` is the sign-up as this transaction leaves it, its ``slot``
    read with the page and centre; the email is rendered from them (no query to read them).
    """
    row = RegistrationEmail.objects.create(
        registration=registration,
        kind=kind,
        context={"base_url": base_url_or_default(base_url), **extra},
    )
    if current:
        transaction.on_commit(lambda: write_pending(rows=[row]), robust=True)
    else:
        transaction.on_commit(lambda: write_pending(ids=[row.pk]), robust=True)
    return row


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


def write_pending(ids=None, rows=None):
    """Renders the recorded sign-up emails (these ``rows`` as they are in memory, the rows of
    these ``ids``, or all) into the mail queue. Returns how many were queued.

    Each email is rendered outside any transaction, then one transaction deletes its row and
    writes the email to the queue: the row deleted by someone else meanwhile (another worker,
    the ``email`` job) deletes nothing here, and nothing is queued: never twice.
    """
    if rows is None:
        rows = RegistrationEmail.objects.select_related(*RELATED).order_by("pk")
        if ids is not None:
            rows = rows.filter(pk__in=ids)
    queued = 0
    for row in rows:
        try:
            message = render_registration_email(row) if row.registration.email else None
            with transaction.atomic():
                deleted, _per_model = RegistrationEmail.objects.filter(pk=row.pk).delete()
                if deleted and message is not None:
                    message.send()
                    queued += 1
        except Exception:  # the row stays; the `email` job writes it later
            logger.exception("Sign-up email %s not written; `run_scheduled email` retries", row.pk)
    return queued
