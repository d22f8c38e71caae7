"""Editors' sign-up screens in the Wagtail admin: dates, registrants, export, check-in, messages.

Registrants' personal data (emails included) is shown only to users holding
``events.view_registration`` (editors); actions need ``events.change_registration``.
"""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.auth import permission_required

from portal.base_url import base_url as site_base_url
from portal.spreadsheet import SafeWriter

from . import services
from .forms import MessageForm
from .models import Registration, Slot

VIEW = "events.view_registration"
CHANGE = "events.change_registration"


def _can_change(request):
    if not request.user.has_perm(CHANGE):
        raise PermissionDenied


def _base_url(request):
    return site_base_url()


@permission_required(VIEW)
def slot_index(request):
    past = request.GET.get("past") == "1"
    slots = Slot.objects.listing().filter(page__isnull=False)
    slots = slots.past() if past else slots.upcoming()
    totals = {"confirmed": 0, "waitlisted": 0, "checked_in": 0}
    slots = list(slots[:200])
    for slot in slots:
        totals["confirmed"] += slot.n_confirmed
        totals["waitlisted"] += slot.n_waitlisted
        totals["checked_in"] += slot.n_checked_in
    return TemplateResponse(
        request,
        "events/admin/slot_index.html",
        {"slots": slots, "past": past, "totals": totals, "page_title": _("Inscriptions")},
    )


def _slot(pk):
    return get_object_or_404(Slot.objects.listing(), pk=pk)


@permission_required(VIEW)
def slot_detail(request, pk):
    slot = _slot(pk)
    registrations = list(slot.registrations.select_related("user").order_by("queued_at", "pk"))
    position = 0
    for registration in registrations:
        if registration.status == Registration.WAITLISTED:
            position += 1
            registration.queue_position = position
    others = move_targets(slot)
    return TemplateResponse(
        request,
        "events/admin/slot_detail.html",
        {
            "slot": slot,
            "confirmed": [r for r in registrations if r.status == Registration.CONFIRMED],
            "waitlisted": [r for r in registrations if r.status == Registration.WAITLISTED],
            "cancelled": [r for r in registrations if r.status == Registration.CANCELLED],
            "other_slots": others,
            "can_change": request.user.has_perm(CHANGE),
            "page_title": slot.title,
        },
    )


@permission_required(VIEW)
def slot_csv(request, pk):
    """CSV of a date's registrants, UTF-8 with a BOM so spreadsheets read the accents;
    what registrants typed cannot run as a formula (``portal.spreadsheet``)."""
    slot = _slot(pk)
    buffer = io.StringIO()
    writer = SafeWriter(buffer, delimiter=";")
    writer.writerow(
        [
            "Statut",
            "Position en attente",
            "Nom",
            "Adresse électronique",
            "Structure",
            "Téléphone",
            "Inscrit le",
            "Présent",
        ]
    )
    position = 0
    for registration in slot.registrations.order_by("queued_at", "pk"):
        waiting = ""
        if registration.status == Registration.WAITLISTED:
            position += 1
            waiting = position
        writer.writerow(
            [
                registration.get_status_display(),
                waiting,
                registration.name,
                registration.email,
                registration.organisation,
                registration.phone,
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                "oui" if registration.checked_in_at else "",
            ]
        )
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localtime(slot.start).strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="inscrits-{slugify(slot.title)[:50]}-{day}.csv"'
    )
    return response


@permission_required(VIEW)
def slot_message(request, pk):
    _can_change(request)
    slot = _slot(pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        statuses = [Registration.CONFIRMED]
        if form.cleaned_data["include_waitlist"]:
            statuses.append(Registration.WAITLISTED)
        count = services.message_all(
            slot, form.cleaned_data["subject"], form.cleaned_data["body"], statuses=statuses
        )
        messages.success(request, _("Message envoyé à %(count)d personne(s).") % {"count": count})
        return redirect("events_admin:slot", pk=slot.pk)
    return TemplateResponse(
        request,
        "events/admin/slot_message.html",
        {"slot": slot, "form": form, "page_title": _("Écrire aux inscrits")},
    )


def _registration(pk):
    return get_object_or_404(Registration.objects.select_related("slot"), pk=pk)


@require_POST
@permission_required(VIEW)
def registration_cancel(request, pk):
    _can_change(request)
    registration = _registration(pk)
    try:
        result = services.cancel(registration, base_url=_base_url(request))
    except services.SlotBusy as busy:
        messages.error(request, str(busy))
        return redirect("events_admin:slot", pk=registration.slot_id)
    if result.changed:
        text = _("Inscription de %(name)s annulée.") % {"name": registration.name}
        if result.promoted:
            text += " " + _("Promu(s) depuis la liste d’attente : %(names)s.") % {
                "names": ", ".join(r.name for r in result.promoted)
            }
        messages.success(request, text)
    else:
        messages.info(request, _("Cette inscription était déjà annulée."))
    return redirect("events_admin:slot", pk=registration.slot_id)


@require_POST
@permission_required(VIEW)
def registration_check_in(request, pk):
    _can_change(request)
    registration = _registration(pk)
    present = request.POST.get("present", "1") == "1"
    services.check_in(registration, present=present)
    return redirect(
        reverse("events_admin:slot", args=[registration.slot_id]) + f"#inscrit-{registration.pk}"
    )


def move_targets(slot):
    """Where a registration may be moved: the other upcoming, not cancelled dates of the same
    event or course (the same owner page), in date order, with their counts."""
    if slot.page_id is None:
        return Slot.objects.none()
    return (
        Slot.objects.upcoming()
        .filter(page_id=slot.page_id, cancelled=False)
        .exclude(pk=slot.pk)
        .with_counts()
        .order_by("start")
    )


@require_POST
@permission_required(VIEW)
def registration_move(request, pk):
    _can_change(request)
    registration = _registration(pk)
    old_slot = registration.slot_id
    target = move_targets(registration.slot).filter(pk=request.POST.get("to_slot") or 0).first()
    if target is None:
        messages.error(request, _("Choisissez la date vers laquelle déplacer l’inscription."))
        return redirect("events_admin:slot", pk=old_slot)
    try:
        result = services.move(registration, target, base_url=_base_url(request))
    except services.SlotBusy as busy:
        messages.error(request, str(busy))
        return redirect("events_admin:slot", pk=old_slot)
    (messages.success if result.ok else messages.error)(
        request, f"{registration.name} : {result.message}"
    )
    return redirect("events_admin:slot", pk=old_slot)
