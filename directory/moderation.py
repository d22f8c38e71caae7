"""Telling moderators that profiles wait for them.

``DIRECTORY_MODERATION_NOTIFY`` chooses how: ``"each"`` (the default) emails every moderator
once per submitted profile, after the submission is committed; ``"daily"`` sends nothing then,
and ``send_moderation_digest()`` (to be run once a day by the scheduler) sends one email
listing every profile still waiting.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from portal.base_url import absolute

from . import emails
from .models import Profile

MODERATE = "directory.change_profile"


def notify_mode():
    return getattr(settings, "DIRECTORY_MODERATION_NOTIFY", "each")


def moderator_emails():
    """The addresses of active people who may approve profiles."""
    users = get_user_model().objects.with_perm(
        MODERATE, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
    )
    return sorted(
        set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )


def review_url(profile):
    return absolute(reverse("directory_profiles:review", args=[profile.pk]))


def profile_submitted(profile):
    """Called when ``profile`` is sent (or sent back) to review, inside the request: with
    ``"each"``, every moderator gets an email once the submission is committed."""
    if notify_mode() != "each":
        return
    pk = profile.pk
    transaction.on_commit(lambda: send_submission_email(pk))


def send_submission_email(pk):
    profile = Profile.objects.select_related("commune").filter(pk=pk).first()
    if profile is None or profile.state != Profile.State.SUBMITTED:
        return 0
    context = {"profile": profile, "review_url": review_url(profile)}
    return sum(emails.send(to, "moderation_submitted", context) for to in moderator_emails())


def send_moderation_digest():
    """One email to each moderator listing the profiles waiting for review (none when no
    profile waits). Returns the number of emails sent."""
    waiting = list(
        Profile.objects.awaiting_review().select_related("commune").order_by("submitted_at")
    )
    if not waiting:
        return 0
    context = {
        "profiles": [(profile, review_url(profile)) for profile in waiting],
        "count": len(waiting),
        "index_url": absolute(reverse("directory_profiles:index") + "?state=submitted"),
    }
    return sum(emails.send(to, "moderation_digest", context) for to in moderator_emails())
