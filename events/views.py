"""Public views outside the page tree: calendar feed, a sign-up's own page (« Mes
inscriptions » is the account's: ``events.account``)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from home.models import TelecentrePage
from portal.base_url import base_url as site_base_url
from portal.base_url import webcal
from portal.i18n import in_default_locale

from . import services
from .ical import calendar_response
from .models import Audience, Category, Registration, Slot

FEED_PAST_DAYS = 30


@require_GET
def network_calendar(request):
    """``/agenda/calendrier.ics``: every public date (events, training sessions), filterable."""
    since = timezone.now() - timezone.timedelta(days=FEED_PAST_DAYS)
    slots = (
        Slot.objects.public().filter(end__gte=since).select_related("page", "telecentre__commune")
    )
    name = "CyberCantal Télécentres — agenda"
    slug = request.GET.get("telecentre", "").strip()
    if slug:
        centre = in_default_locale(TelecentrePage.objects.live()).filter(slug=slug).first()
        if centre is None:
            raise Http404(_("Ce télécentre n’existe pas."))
        slots = slots.filter(telecentre=centre)
        name = f"{centre.title} — agenda"
    audience = request.GET.get("public", "").strip()
    if audience:
        if audience not in Audience.values:
            raise Http404(_("Ce public n’existe pas."))
        slots = slots.filter(Q(audience=audience) | Q(audience=""))
        name += f" ({Audience(audience).label})"
    kind = request.GET.get("type", "").strip()
    if kind:
        if kind not in Category.values:
            raise Http404(_("Ce type d’événement n’existe pas."))
        slots = slots.filter(category=kind)
    # The agenda's « Événements / Formations » switch.
    switch = request.GET.get("kind", "").strip()
    if switch == "training":
        slots = slots.filter(category=Category.TRAINING)
    elif switch == "events":
        slots = slots.exclude(category=Category.TRAINING)
    elif switch:
        raise Http404(_("Ce type d’événement n’existe pas."))
    return calendar_response(
        request, list(slots.order_by("start", "pk")), name=name, filename="calendrier.ics"
    )


@require_GET
def signup_received(request, slot):
    """Where an anonymous sign-up lands: the date's summary and what happens next.

    The same page whatever the address (new, repeated, someone else's): the personal link
    (status, cancellation) goes to the address by email."""
    found = Slot.objects.public().filter(pk=slot).select_related("page", "telecentre__commune")
    slot = found.first()
    if slot is None:
        raise Http404(_("Cette date n’existe pas ou n’est plus publiée."))
    return TemplateResponse(
        request,
        "events/signup_received.html",
        {
            "slot": slot,
            "calendar_webcal": webcal(f"{slot.page.url}ical/") if slot.page_id else "",
        },
    )


def _registration_or_404(request, token):
    registration = (
        Registration.objects.select_related("slot", "slot__page", "slot__telecentre__commune")
        .filter(token=token)
        .first()
    )
    if registration is None or registration.anonymised_at:
        raise Http404(_("Ce lien d’inscription n’est pas valide."))
    return registration


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    """A sign-up's own page (the link in every email): status, place in the queue, cancel."""
    try:
        registration = _registration_or_404(request, token)
    except Http404:
        response = TemplateResponse(request, "events/registration_invalid.html", {}, status=404)
        return response
    slot = registration.slot
    can_cancel = registration.is_active and slot.start > timezone.now()
    if request.method == "POST":
        if not registration.is_active:
            messages.info(request, _("Cette inscription était déjà annulée : rien n’a changé."))
        elif not can_cancel:
            messages.error(
                request, _("L’événement a commencé : l’inscription ne peut plus être annulée.")
            )
        else:
            was = registration.status
            try:
                services.cancel(registration, base_url=site_base_url())
            except services.SlotBusy as busy:
                return _detail(request, registration, can_cancel, error=str(busy))
            if was == Registration.WAITLISTED:
                messages.success(
                    request, _("Vous avez quitté la liste d’attente. Merci de nous avoir prévenus.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Votre inscription est annulée. Votre place est proposée à une autre personne."
                    ),
                )
        response = redirect(request.path)
        response.status_code = 303
        return response
    return _detail(request, registration, can_cancel)


def _detail(request, registration, can_cancel, error=""):
    status = services.BUSY_STATUS if error else 200
    response = TemplateResponse(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "slot": registration.slot,
            "can_cancel": can_cancel,
            "now": timezone.now(),
            "error": error,
            "calendar_webcal": webcal(f"{registration.slot.page.url}ical/")
            if registration.slot.page_id
            else "",
        },
        status=status,
    )
    if error:
        response["Retry-After"] = str(services.SlotBusy.retry_after)
    return response
