"""The RGPD export and erasure of an account, each app adding its part (``portal.hooks``).

The account's own data (its addresses, dates) is the account's; the directory profile,
the sign-ups and the emails are contributed by the apps that keep them, through
``PERSONAL_DATA`` (export) and ``ERASE_PERSONAL_DATA`` (deletion), and the deletion page
lists what goes through ``ACCOUNT_ERASURE_NOTICE``.
"""

from allauth.account.models import EmailAddress

from django.db import transaction
from django.utils import timezone

from wagtail import hooks

from portal import hooks as portal_hooks

from .identity import person_emails


def personal_data(user):
    """Everything the site keeps about ``user``, as JSON-ready data."""
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        },
    }
    for provider in hooks.get_hooks(portal_hooks.PERSONAL_DATA):
        data.update(provider(user))
    return data


def erasure_notice(user):
    """What deleting ``user``'s account removes, one sentence an item, for the confirmation."""
    return [
        sentence
        for provider in hooks.get_hooks(portal_hooks.ACCOUNT_ERASURE_NOTICE)
        for sentence in provider(user)
    ]


def erase_account(user):
    """Erases ``user`` and everything the site keeps about them, in one transaction.

    Every app's ``ERASE_PERSONAL_DATA`` erases or anonymises its rows; then the account goes,
    with its addresses. Returns the labels of what was erased, for the message. A step that
    can't get its lock raises ``TryAgainLater``: nothing is erased.
    """
    with transaction.atomic():
        emails = person_emails(user)
        done = []
        for provider in hooks.get_hooks(portal_hooks.ERASE_PERSONAL_DATA):
            done.extend(provider(user, emails))
        EmailAddress.objects.filter(user=user).delete()
        user.delete()
    return [label for label, count in done if count]
