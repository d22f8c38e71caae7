"""The signed one-click link of the "still available?" email: no login needed, valid 90 days."""

from django.core import signing
from django.urls import reverse

from . import emails

FRESHNESS_SALT = "directory.freshness"
FRESHNESS_MAX_AGE = 60 * 60 * 24 * 90


def freshness_token(profile):
    return signing.TimestampSigner(salt=FRESHNESS_SALT).sign(str(profile.pk))


def freshness_url(profile):
    return emails.site_url() + reverse(
        "directory:confirm_current", kwargs={"token": freshness_token(profile)}
    )


def profile_pk(token):
    """The profile's primary key the token was signed for, or ``None`` (forged or expired)."""
    try:
        return signing.TimestampSigner(salt=FRESHNESS_SALT).unsign(token, max_age=FRESHNESS_MAX_AGE)
    except signing.BadSignature:
        return None
