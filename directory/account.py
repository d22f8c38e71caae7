"""The directory's part of the account (``portal.accounts``): the profile's section of
``/compte/``, the profile in the data export, and its erasure with the account.

Registered through the hooks of ``portal.hooks`` in ``directory.wagtail_hooks``. The
profile's own pages (``/compte/profil/…``) stay in ``directory.views``.
"""

from allauth.account.models import EmailAddress

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.sections import AccountSection

from .models import Profile


def own_profile(user):
    return (
        Profile.objects.select_related("commune", "telecentre", "photo").filter(user=user).first()
    )


def email_verified(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def profile_section(request):
    """The account home's « Mon profil dans l'annuaire »: its state, its actions."""
    profile = own_profile(request.user)
    return AccountSection(
        "directory/account_section.html",
        {
            "profile": profile,
            "email_verified": email_verified(request.user),
            "message_count": profile.messages.count() if profile else 0,
        },
        order=10,
    )


def profile_data(user):
    """The data export's ``directory_profile`` (``None`` without a profile)."""
    profile = own_profile(user)
    if profile is None:
        return {"directory_profile": None}
    return {
        "directory_profile": {
            "url": profile.get_absolute_url(),
            "state": profile.state,
            "hidden": profile.is_hidden,
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
            "confirmed_at": profile.confirmed_at,
            "rejection_reason": profile.rejection_reason,
            "photo": profile.photo.file.name if profile.photo else None,
            "slug": profile.slug,
            "display_name": profile.display_name,
            "headline": profile.headline,
            "bio": profile.bio,
            "skills": profile.skill_names(),
            "languages": profile.languages,
            "commune": {"insee": profile.commune.insee, "name": profile.commune.name},
            "telecentre": profile.telecentre.title if profile.telecentre else None,
            "availability": profile.availability,
            "available_from": profile.available_from,
            "work_mode": profile.work_mode,
            "day_rate": profile.day_rate,
            "years_experience": profile.years_experience,
            "website": profile.website,
            "portfolio": profile.portfolio,
            "siret": profile.siret,
            "messages_received": list(
                profile.messages.values(
                    "created_at", "sender_name", "organisation", "sender_email", "body"
                )
            ),
        }
    }


def erasure_notice(user):
    if not Profile.objects.filter(user=user).exists():
        return []
    return [
        _(
            "votre profil dans l’annuaire, sa photo, ses compétences et les messages reçus ; "
            "il disparaît aussi des résultats de recherche ;"
        )
    ]


def erase_profile(user, emails):
    """The profile, with its photo, skills, old slugs, messages and search entries."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    received = profile.messages.count()
    had_photo = bool(profile.photo_id)
    # The post_delete handler removes the photo (files after the commit) and index entries.
    profile.delete()
    return [
        (_("votre profil"), 1),
        (_("sa photo"), int(had_photo)),
        (
            ngettext("%(count)d message reçu", "%(count)d messages reçus", received)
            % {"count": received},
            received,
        ),
    ]
