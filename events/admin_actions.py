"""The actions on a date's registrants in the admin: cancel, move, check in, write to all.

Extra views of ``events.admin_views.SlotViewSet``, each under an action of the sign-ups'
permission policy (``SignUpPermissionPolicy``: all need ``events.change_registration``).
Someone without it gets a 403: the buttons are not shown to them, so a request is a forged
one or a stale page.
"""

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from portal import formats
from portal.base_url import base_url as site_base_url

from . import services
from .forms import MessageForm
from .models import Registration, Slot


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


class ActionPermissionMixin:
    """Checks ``action`` against the sign-ups' permission policy: a 403 when not allowed."""

    action = None

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(Registration)
        if not policy.user_has_permission(request.user, self.action):
            return HttpResponseForbidden(
                _("Vous n’avez pas le droit de modifier les inscriptions.")
            )
        return super().dispatch(request, *args, **kwargs)


def _slot_url(slot_id, anchor=""):
    return reverse("events_admin:inspect", args=[slot_id]) + anchor


class RegistrationActionView(ActionPermissionMixin, View):
    """A POST on one registration, back to its date's page with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        registration = get_object_or_404(Registration.objects.select_related("slot"), pk=pk)
        return self.act(request, registration)


class CancelView(RegistrationActionView):
    action = "cancel"

    def act(self, request, registration):
        try:
            result = services.cancel(registration, base_url=site_base_url())
        except services.SlotBusy as busy:
            messages.error(request, str(busy))
            return redirect(_slot_url(registration.slot_id))
        if result.changed:
            text = _("Inscription de %(name)s annulée.") % {"name": registration.name}
            if result.promoted:
                text += " " + _("Promu(s) depuis la liste d’attente : %(names)s.") % {
                    "names": ", ".join(r.name for r in result.promoted)
                }
            messages.success(request, text)
        else:
            messages.info(request, _("Cette inscription était déjà annulée."))
        return redirect(_slot_url(registration.slot_id))


class CheckInView(RegistrationActionView):
    action = "check_in"

    def act(self, request, registration):
        present = request.POST.get("present", "1") == "1"
        services.check_in(registration, present=present)
        return redirect(_slot_url(registration.slot_id, f"#inscrit-{registration.pk}"))


class MoveView(RegistrationActionView):
    action = "move"

    def act(self, request, registration):
        old_slot = registration.slot_id
        target = move_targets(registration.slot).filter(pk=request.POST.get("to_slot") or 0).first()
        if target is None:
            messages.error(request, _("Choisissez la date vers laquelle déplacer l’inscription."))
            return redirect(_slot_url(old_slot))
        try:
            result = services.move(registration, target, base_url=site_base_url())
        except services.SlotBusy as busy:
            messages.error(request, str(busy))
            return redirect(_slot_url(old_slot))
        (messages.success if result.ok else messages.error)(
            request, f"{registration.name} : {result.message}"
        )
        return redirect(_slot_url(old_slot))


class MessageView(ActionPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """« Écrire aux inscrits »: one email to every confirmed registrant (and, if asked, to
    the waiting list), through the mail queue."""

    action = "message"
    form_class = MessageForm
    template_name = "events/admin/slot_message.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.slot = get_object_or_404(Slot, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Écrire aux inscrits")

    def get_page_subtitle(self):
        return f"{self.slot.title}, {formats.stamp(self.slot.start)}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("events_admin:index"), "label": _("Inscriptions")},
            {"url": _slot_url(self.slot.pk), "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["slot"] = self.slot
        return context

    def form_valid(self, form):
        statuses = [Registration.CONFIRMED]
        if form.cleaned_data["include_waitlist"]:
            statuses.append(Registration.WAITLISTED)
        count = services.message_all(
            self.slot, form.cleaned_data["subject"], form.cleaned_data["body"], statuses=statuses
        )
        messages.success(
            self.request, _("Message envoyé à %(count)d personne(s).") % {"count": count}
        )
        return redirect(_slot_url(self.slot.pk))
