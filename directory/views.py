"""Public profile pages and the freelancer's own account pages under /compte/ (the
directory's search, ``/annuaire/``, is the search app's)."""

import json
import mimetypes

from allauth.account.models import EmailAddress

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail import hooks

from portal.accounts import TryAgainLater, person_emails
from portal.client_ip import client_ip

from . import emails, moderation, photos, services
from .forms import AccountDeleteForm, ContactForm, ProfileForm
from .models import Profile, ProfileSlug, Skill
from .storage import is_private

PER_PAGE = 20
FRESHNESS_SALT = "directory.freshness"

# ---------------------------------------------------------------------------
# Public pages


def _profile_for(request, slug):
    """The profile at ``slug`` if the requester may see it; old slugs redirect; else 404."""
    visible = Profile.objects.visible_to(request.user).select_related(
        "commune", "telecentre", "photo", "user"
    )
    profile = visible.filter(slug=slug).first()
    if profile is None:
        old = ProfileSlug.objects.filter(slug=slug).select_related("profile").first()
        if old and visible.filter(pk=old.profile_id).exists():
            return None, redirect(old.profile.get_absolute_url(), permanent=True)
        raise Http404
    return profile, None


def profile_detail(request, slug):
    profile, response = _profile_for(request, slug)
    if response:
        return response
    return _render_profile(request, profile, ContactForm())


def _render_profile(request, profile, contact_form, *, preview=False, status=200):
    is_public = Profile.objects.public().filter(pk=profile.pk).exists()
    return render(
        request,
        "directory/profile_detail.html",
        {
            "profile": profile,
            "skills": profile.skill_names(),
            "contact_form": contact_form,
            "is_public": is_public,
            "preview": preview,
            "is_owner": request.user.is_authenticated and profile.user_id == request.user.pk,
            "json_ld": profile.json_ld(request) if is_public else None,
        },
        status=status,
    )


def _contact_recorded(profile):
    return _(
        "Votre message est enregistré ; il sera transmis à %(name)s dans quelques instants."
    ) % {"name": profile.display_name}


@require_POST
def profile_contact(request, slug):
    profile = get_object_or_404(
        Profile.objects.public().select_related("commune", "telecentre", "user"), slug=slug
    )
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, profile, form, status=400)
    if form.is_spam():
        # Looks sent to the robot; nothing is stored or relayed.
        messages.success(request, _contact_recorded(profile))
        return redirect(profile.get_absolute_url())
    try:
        services.relay_contact(profile, form.cleaned_data, client_ip(request))
    except services.TooManyMessages:
        form.add_error(
            None,
            _(
                "Vous avez envoyé trop de messages en peu de temps. Votre message n’a pas été "
                "transmis : réessayez dans une heure."
            ),
        )
        return _render_profile(request, profile, form, status=429)
    messages.success(request, _contact_recorded(profile))
    return redirect(profile.get_absolute_url())


def photo_file(request, name):
    """A profile photo's file (original or rendition), from the private storage, for
    those who may see the profile; a 404 for everyone else, as for a missing file."""
    if not is_private(name) or ".." in name.split("/"):
        raise Http404
    image = photos.image_for_file(name)
    if image is None or not photos.may_see_photo(request.user, image):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Never kept by a shared cache: the answer depends on who asks and on the profile.
    response["Cache-Control"] = "private, max-age=600"
    response["Vary"] = "Cookie"
    return response


# ---------------------------------------------------------------------------
# The freelancer's account


def _own_profile(user):
    return (
        Profile.objects.select_related("commune", "telecentre", "photo").filter(user=user).first()
    )


def _email_verified(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@login_required
def account_home(request):
    profile = _own_profile(request.user)
    return render(
        request,
        "directory/account_home.html",
        {
            "profile": profile,
            "email_verified": _email_verified(request.user),
            "message_count": profile.messages.count() if profile else 0,
        },
    )


@login_required
def profile_edit(request):
    profile = _own_profile(request.user)
    before = profile.snapshot() if profile else None
    saved = Profile.objects.get(pk=profile.pk) if profile else None
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            with transaction.atomic():
                changed = services.save_profile(form, request.user, before)
                if changed:  # back to review
                    moderation.profile_submitted(form.instance)
            if changed:
                messages.warning(
                    request,
                    _(
                        "Vos modifications sont enregistrées. Comme elles touchent au contenu publié "
                        "(%(fields)s), votre profil est retiré de l’annuaire le temps qu’un modérateur "
                        "les valide."
                    )
                    % {
                        "fields": ", ".join(
                            str(Profile._meta.get_field(name).verbose_name) for name in changed
                        )
                    },
                )
            else:
                messages.success(request, _("Votre profil est enregistré."))
            return redirect("directory:account")
        # What went wrong is said once, by the form's error summary.
    else:
        form = ProfileForm(instance=profile)
    return render(
        request,
        "directory/profile_form.html",
        {
            "form": form,
            "profile": saved,
            "skill_suggestions": Skill.objects.shared()
            .order_by("name")
            .values_list("name", flat=True),
            "status": 400 if request.method == "POST" else 200,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def profile_preview(request):
    profile = _own_profile(request.user)
    if profile is None:
        return redirect("directory:profile_edit")
    return _render_profile(request, profile, ContactForm(), preview=True)


@login_required
@require_POST
def profile_submit(request):
    profile = _own_profile(request.user)
    if profile is None:
        return redirect("directory:profile_edit")
    if not _email_verified(request.user):
        messages.error(
            request,
            _(
                "Confirmez d’abord votre adresse électronique : le lien vous a été envoyé par courriel."
            ),
        )
    elif profile.state in (Profile.State.DRAFT, Profile.State.REJECTED):
        profile.mark_submitted()
        profile.confirm_current()
        profile.save()
        moderation.profile_submitted(profile)
        messages.success(
            request,
            _(
                "Votre profil est envoyé aux modérateurs. Vous recevrez un courriel dès qu’il sera examiné."
            ),
        )
    return redirect("directory:account")


@login_required
@require_POST
def profile_visibility(request):
    profile = _own_profile(request.user)
    if profile is None:
        raise Http404
    hide = request.POST.get("action") == "hide"
    profile.is_hidden = hide
    if not hide:
        profile.confirm_current()
    profile.save()
    if hide:
        messages.success(
            request, _("Votre profil est masqué : il n’apparaît plus dans l’annuaire.")
        )
    else:
        messages.success(request, _("Votre profil est de nouveau visible (une fois validé)."))
    return redirect("directory:account")


@login_required
def profile_delete(request):
    profile = _own_profile(request.user)
    if profile is None:
        return redirect("directory:account")
    if request.method == "POST":
        profile.delete()
        messages.success(request, _("Votre profil, sa photo et ses messages sont supprimés."))
        return redirect("directory:account")
    return render(request, "directory/profile_confirm_delete.html", {"profile": profile})


def freshness_token(profile):
    return signing.TimestampSigner(salt=FRESHNESS_SALT).sign(str(profile.pk))


def freshness_url(profile):
    return emails.site_url() + reverse(
        "directory:confirm_current", kwargs={"token": freshness_token(profile)}
    )


def confirm_current(request, token):
    """The one-click link of the "still available?" email; needs no login."""
    try:
        pk = signing.TimestampSigner(salt=FRESHNESS_SALT).unsign(token, max_age=60 * 60 * 24 * 90)
    except signing.BadSignature:
        return render(request, "directory/freshness_confirmed.html", {"invalid": True}, status=400)
    profile = Profile.objects.filter(pk=pk).first()
    if profile is None:
        raise Http404
    profile.confirm_current()
    profile.save(update_fields=["confirmed_at", "reminder_sent_at", "is_stale"])
    return render(request, "directory/freshness_confirmed.html", {"profile": profile})


# ---------------------------------------------------------------------------
# Personal data (RGPD)


def personal_data(user):
    """Everything the site keeps about ``user``, as JSON-ready data. Other apps add theirs
    with ``@hooks.register("cybercantal_personal_data")`` returning a dict for a user."""
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
        "directory_profile": None,
    }
    profile = _own_profile(user)
    if profile:
        data["directory_profile"] = {
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
    for provider in hooks.get_hooks("cybercantal_personal_data"):
        data.update(provider(user))
    return data


@login_required
def data_export(request):
    payload = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-cybercantal.json"'
    response["Cache-Control"] = "no-store"
    return response


def erase_directory_data(user, emails):
    """The directory's part of an account deletion (``cybercantal_erase_personal_data``):
    the profile, with its photo, skills, old slugs, messages and search entries."""
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


def erase_account(user):
    """Erases ``user`` and everything the site keeps about them, in one transaction.

    Every app contributes with ``@hooks.register("cybercantal_erase_personal_data")``: a
    function ``(user, emails) -> [(label, count)]`` that erases or anonymises its rows
    (``emails``: the person's addresses, ``portal.accounts.person_emails``). Then the account
    goes, with its addresses. Returns the labels of what was erased, for the message. A step
    that can't get its lock raises ``TryAgainLater``: nothing is erased.
    """
    with transaction.atomic():
        emails = person_emails(user)
        done = []
        for provider in hooks.get_hooks("cybercantal_erase_personal_data"):
            done.extend(provider(user, emails))
        EmailAddress.objects.filter(user=user).delete()
        user.delete()
    return [label for label, count in done if count]


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.user, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            erased = erase_account(request.user)
        except TryAgainLater as busy:
            form.add_error(None, str(busy))
            status = 429
        else:
            logout(request)
            if erased:
                text = _("Votre compte a été supprimé, ainsi que : %(items)s.") % {
                    "items": ", ".join(erased)
                }
            else:
                text = _("Votre compte a été supprimé.")
            messages.success(request, text)
            return redirect("/")
    profile = _own_profile(request.user)
    return render(
        request,
        "directory/account_confirm_delete.html",
        {"form": form, "profile": profile},
        status=status,
    )


def member_count():
    return Profile.objects.public().count()


def waiting_count():
    return Profile.objects.awaiting_review().count()
