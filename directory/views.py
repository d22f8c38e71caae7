"""Public profile pages and the freelancer's own profile pages under /compte/profil/
(the directory's search, ``/annuaire/``, is the search app's; the account home, export and
deletion are ``portal.accounts``', ``directory.account`` is the directory's part of them)."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.client_ip import client_ip

from . import moderation, photos, services, tokens
from .account import email_verified, own_profile
from .forms import ContactForm, ProfileForm
from .models import Profile, ProfileSlug, Skill
from .storage import is_private

PER_PAGE = 20

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


@login_required
def profile_edit(request):
    profile = own_profile(request.user)
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
            return redirect("accounts:home")
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
    profile = own_profile(request.user)
    if profile is None:
        return redirect("directory:profile_edit")
    return _render_profile(request, profile, ContactForm(), preview=True)


@login_required
@require_POST
def profile_submit(request):
    profile = own_profile(request.user)
    if profile is None:
        return redirect("directory:profile_edit")
    if not email_verified(request.user):
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
    return redirect("accounts:home")


@login_required
@require_POST
def profile_visibility(request):
    profile = own_profile(request.user)
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
    return redirect("accounts:home")


@login_required
def profile_delete(request):
    profile = own_profile(request.user)
    if profile is None:
        return redirect("accounts:home")
    if request.method == "POST":
        profile.delete()
        messages.success(request, _("Votre profil, sa photo et ses messages sont supprimés."))
        return redirect("accounts:home")
    return render(request, "directory/profile_confirm_delete.html", {"profile": profile})


def confirm_current(request, token):
    """The one-click link of the "still available?" email; needs no login."""
    pk = tokens.profile_pk(token)
    if pk is None:
        return render(request, "directory/freshness_confirmed.html", {"invalid": True}, status=400)
    profile = Profile.objects.filter(pk=pk).first()
    if profile is None:
        raise Http404
    profile.confirm_current()
    profile.save(update_fields=["confirmed_at", "reminder_sent_at", "is_stale"])
    return render(request, "directory/freshness_confirmed.html", {"profile": profile})
