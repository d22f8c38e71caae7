"""A signed-in person's own sign-ups: by account or by one of their verified addresses
(``portal.accounts.person_emails``, the rule « Mes inscriptions » follows too)."""

from django.db.models import Q

from portal.accounts import person_emails

from .models import Registration


def own_registrations(user, **filters):
    """The person's active sign-ups (confirmed or waitlisted), matching ``filters``."""
    if user is None or not user.is_authenticated:
        return Registration.objects.none()
    return Registration.objects.filter(
        Q(user=user) | Q(email__in=person_emails(user)),
        status__in=Registration.ACTIVE,
        **filters,
    )


def is_own_address(user, email):
    return bool(user and user.is_authenticated and email.lower() in person_emails(user))
