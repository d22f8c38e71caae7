"""What events and training keep about a person, for the RGPD export and erasure.

A person's sign-ups are the rows of their account, plus the rows typed with one of their
addresses (``portal.accounts.person_emails``: the same rule as « Mes inscriptions »).
Their queued emails are the mail queue's rows to those addresses. Registered as the
``cybercantal_personal_data`` and ``cybercantal_erase_personal_data`` hooks (see
``events.wagtail_hooks``).
"""

from django.db.models import Q
from django.utils.translation import ngettext

from portal.accounts import person_emails

from . import services
from .models import OutboxEmail, Registration


def registrations_of(user, emails):
    return Registration.objects.filter(
        Q(user=user) | Q(email__in=emails), anonymised_at__isnull=True
    )


def _addresses(emails, registrations):
    typed = registrations.exclude(email="").values_list("email", flat=True)
    return {email.lower() for email in emails} | set(typed)


# -- the mail queue's part (one function each, so the mail module can take them over)


def mail_queue_data(addresses):
    """The emails queued (or kept after sending) for these addresses."""
    rows = OutboxEmail.objects.filter(_to_any(addresses)).order_by("created_at", "pk")
    return [
        {
            "to": row.to,
            "kind": row.kind,
            "subject": row.subject,
            "body": row.body,
            "queued_at": row.created_at,
            "sent_at": row.sent_at,
            "attempts": row.attempts,
        }
        for row in rows
    ]


def mail_queue_erase(addresses):
    """Deletes the emails queued (or kept after sending) for these addresses; their count."""
    count, _by_model = OutboxEmail.objects.filter(_to_any(addresses)).delete()
    return count


def _to_any(addresses):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(to__iexact=address)
    return query


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
        "emails": mail_queue_data(_addresses(emails, registrations)),
    }


def erase(user, emails):
    """Cancels what is to come (through the engine), anonymises every sign-up, deletes the
    queued emails; returns ``[(label, count)]`` for the deletion's message."""
    registrations = registrations_of(user, emails)
    addresses = _addresses(emails, registrations)
    anonymised, cancelled = services.erase_registrations(registrations)
    deleted = mail_queue_erase(addresses)
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
