"""The agenda's part of the account (``portal.accounts``): « Mes inscriptions »
(``/compte/inscriptions/``), its link on the account home, and what the deletion does to
sign-ups. The export and the erasure themselves are ``events.personal_data``.

Registered through the hooks of ``portal.hooks`` in ``events.wagtail_hooks``.
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail import hooks

from portal import hooks as portal_hooks
from portal.accounts.sections import AccountSection

from .models import Registration


@login_required
def my_registrations(request):
    """``/compte/inscriptions/``: the signed-in person's sign-ups (by account or verified email)."""
    registrations = (
        Registration.objects.of_person(request.user)
        .select_related("slot", "slot__page", "slot__telecentre")
        .order_by("-slot__start")
    )
    registrations = list(registrations)
    # Apps that own Slots may add links to a sign-up (training: the attendance certificate).
    for add_links in hooks.get_hooks(portal_hooks.REGISTRATION_LINKS):
        add_links(request, registrations)
    now = timezone.now()
    upcoming = [r for r in registrations if r.slot.end >= now]
    upcoming.reverse()
    past = [r for r in registrations if r.slot.end < now]
    return TemplateResponse(
        request, "events/my_registrations.html", {"upcoming": upcoming, "past": past}
    )


def account_urls():
    return [path("inscriptions/", my_registrations, name="registrations")]


def registrations_section(request):
    """The account home's « Mes inscriptions »: the link to them."""
    return AccountSection("events/account_section.html", order=20)


def erasure_notice(user):
    return [
        _(
            "vos inscriptions aux événements et formations : celles à venir sont annulées "
            "(votre place revient à la liste d’attente), toutes sont anonymisées ;"
        ),
        _("les courriels qui vous sont adressés, en attente d’envoi ou déjà envoyés ;"),
    ]
