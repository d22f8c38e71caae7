"""Who a signed-in person is, for the apps that keep data about people without an account.

A sign-up (events, training) or a queued email carries an address, not an account. The one
rule that ties such rows to a person: the account's verified addresses (allauth's
``EmailAddress``), or the account's own address for an account that has no address recorded
at all (accounts created by staff); an unverified address is never enough. "My sign-ups", the data export and the account deletion all
use it, so they always agree on what is the person's.
"""

from django.apps import apps


class TryAgainLater(Exception):
    """A step could not get its lock in time: nothing was changed, the person may retry."""


def person_emails(user):
    """The addresses that are ``user``'s, lower-cased."""
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        recorded = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
        if recorded:  # an address typed but not verified is not the person's (yet)
            return {email.lower() for email, verified in recorded if verified}
    return {user.email.lower()} if user.email else set()
