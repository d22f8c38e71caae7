"""What events and training keep about a person, for the RGPD export and erasure.

A person's sign-ups are the rows of their account, plus the rows typed with one of their
addresses (``portal.accounts.person_emails``: the same rule as « Mes inscriptions »).
Their queued emails are the mail queue's rows to those addresses, and the sign-up emails
recorded for their sign-ups that the ``email`` job has not written yet. Registered as the
``cybercantal_personal_data`` and ``cybercantal_erase_personal_data`` hooks (see
``events.wagtail_hooks``).
"""

from django.db.models import Q
from django.utils.translation import ngettext

from portal import mail
from portal.accounts import person_emails

from . import services
from .models import Registration, RegistrationEmail


def registrations_of(user, emails):
    return Registration.objects.filter(
        Q(user=user) | Q(email__in=emails), anonymised_at__isnull=True
    )


def _addresses(emails, registrations):
    typed = registrations.exclude(email="").values_list("email", flat=True)
    return {email.lower() for email in emails} | set(typed)


# -- the mail queue's part: the site's one queue (portal.mail) and the sign-up emails not
# written yet (RegistrationEmail rows, written by the `email` job within the minute)


def mail_queue_data(addresses):
    """The emails queued, deferred or logged as sent for these addresses."""
    items = [item for address in sorted(addresses) for item in mail.personal_data(address)]
    return sorted(items, key=lambda item: item["date"])


def pending_emails_data(registrations):
    """The sign-up emails recorded for these sign-ups and not yet written by the ``email``
    job, as the export lists queued emails (rendered as they will be sent)."""
    from .outbox import RELATED, render_registration_email

    rows = (
        RegistrationEmail.objects.filter(registration__in=registrations)
        .exclude(registration__email="")
        .select_related(*RELATED)
    )
    return [
        {
            "date": row.created_at,
            "subject": render_registration_email(row).subject,
            "to": row.registration.email,
            "status": "queued",
            "status_label": str(mail.STATUS_LABELS["queued"]),
        }
        for row in rows
    ]


def mail_queue_erase(addresses, registrations=None):
    """Deletes those emails (and the sign-up emails still to write); returns their count."""
    count = sum(mail.erase(address) for address in addresses)
    if registrations is not None:
        count += RegistrationEmail.objects.filter(registration__in=registrations).delete()[0]
    return count


# -- the hooks


def export(user):
    emails = person_emails(user)
    registrations = registrations_of(user, emails).select_related(
        "slot", "slot__page", "slot__telecentre"
    )
    return {
        "registrations": [
            {
                "title": r.slot.title,
                "type": r.slot.get_category_display(),
                "start": r.slot.start,
                "end": r.slot.end,
                "place": r.slot.place,
                "page": r.slot.url,
                "status": r.get_status_display(),
                "waitlist_position": r.waitlist_position,
                "attended": r.checked_in_at is not None,
                "checked_in_at": r.checked_in_at,
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "phone": r.phone,
                "consent": r.consent,
                "signed_up_at": r.created_at,
                "promoted_at": r.promoted_at,
                "cancelled_at": r.cancelled_at,
                "reminder_sent_at": r.reminder_sent_at,
                "manage_url": r.get_absolute_url(),
            }
            for r in registrations.order_by("slot__start", "pk")
        ],
        "emails": sorted(
            mail_queue_data(_addresses(emails, registrations))
            + pending_emails_data(registrations.values("pk")),
            key=lambda item: item["date"],
        ),
    }


def erase(user, emails):
    """Cancels what is to come (through the engine), anonymises every sign-up, deletes the
    queued emails; returns ``[(label, count)]`` for the deletion's message."""
    registrations = registrations_of(user, emails)
    addresses = _addresses(emails, registrations)
    pks = list(registrations.values_list("pk", flat=True))
    anonymised, cancelled = services.erase_registrations(registrations)
    deleted = mail_queue_erase(addresses, Registration.objects.filter(pk__in=pks))
    label = ngettext(
        "%(count)d inscription anonymisée", "%(count)d inscriptions anonymisées", anonymised
    ) % {"count": anonymised}
    if cancelled:
        label += " " + ngettext(
            "(dont %(count)d à venir, annulée)", "(dont %(count)d à venir, annulées)", cancelled
        ) % {"count": cancelled}
    return [
        (label, anonymised),
        (
            ngettext("%(count)d courriel", "%(count)d courriels", deleted) % {"count": deleted},
            deleted,
        ),
    ]
