"""Wagtail hooks: upcoming dates for home and centre pages, demo data, the admin screens."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from portal import hooks as portal_hooks

from . import account, admin_views
from .models import Slot


@hooks.register(portal_hooks.UPCOMING)
def upcoming_slots(limit=6, telecentre=None, telecentres=None):
    """Next public dates (events and training sessions), of one centre, of a list of
    centres (a commune's page: those within 30 km) or of all: one query."""
    slots = Slot.objects.public().upcoming().filter(cancelled=False)
    if telecentre is not None:
        # Its own centre's dates: the centre is known, its table not read (a centre page
        # keeps its stored list of dates when only the centre's own text is published).
        found = list(slots.filter(telecentre=telecentre).select_related("page")[:limit])
        for slot in found:
            slot.telecentre = telecentre
        return found
    slots = slots.select_related("page", "telecentre")
    if telecentres is not None:
        slots = slots.filter(telecentre__in=list(telecentres))
    return list(slots[:limit])


@hooks.register(portal_hooks.CALENDAR_FEED)
def calendar_feed(telecentre=None):
    """The calendar feed of the network or of one centre: ``(.ics path, webcal URL)``."""
    from portal.base_url import webcal

    path = reverse("events:calendar")
    if telecentre is not None:
        path += f"?telecentre={telecentre.slug}"
    return path, webcal(path)


@hooks.register(portal_hooks.SEED_DEMO)
def seed_events_demo(stdout=None, options=None):
    from .demo import seed_events

    created = seed_events()
    if stdout is not None:
        stdout.write(f"Agenda : {created} événement(s) créé(s).")


@hooks.register(portal_hooks.SEED_TEST)
def seed_events_test():
    from .demo import _grant_editors, seed_agenda

    seed_agenda()
    _grant_editors()  # as in the demo: editors see and manage sign-ups


@hooks.register("register_admin_viewset")
def register_sign_up_viewsets():
    """« Inscriptions »: the dates and their registrants (``events.admin_views``)."""
    return [admin_views.SlotViewSet(), admin_views.RegistrationViewSet()]


@hooks.register(portal_hooks.ADMIN_CHARTS)
def sign_up_charts():
    """The dashboard's chart of sign-ups for the next dates against their capacity, the
    waiting list beside (one query)."""
    from home.charts import BarChart
    from portal import formats

    slots = Slot.objects.public().upcoming().filter(cancelled=False).listing()[:10]
    rows = [
        (
            f"{formats.date(slot.start, year=False)}, {formats.clock(slot.start)} — {slot.title}",
            slot.n_confirmed,
            slot.capacity,
            _("+ %(n)s en attente") % {"n": slot.n_waitlisted} if slot.n_waitlisted else "",
        )
        for slot in slots
    ]
    return [BarChart(_("Inscrits aux prochaines dates, sur les places prévues"), rows)]


@hooks.register(portal_hooks.PREPARE_EMAILS)
def write_pending_registration_emails():
    """For the `email` job: sign-up emails recorded but not written yet (see events.outbox)."""
    from .outbox import write_pending

    return write_pending()


@hooks.register(portal_hooks.PERSONAL_DATA)
def export_registrations(user):
    """The data export's sign-ups (events and training) and queued emails."""
    from .personal_data import export

    return export(user)


@hooks.register(portal_hooks.ERASE_PERSONAL_DATA)
def erase_registrations(user, emails):
    """Account deletion: sign-ups cancelled (seats freed) and anonymised, emails deleted."""
    from .personal_data import erase

    return erase(user, emails)


# -- the account (portal.accounts): « Mes inscriptions » under /compte/, its link on the
# account home, what the deletion does to sign-ups (the export and erasure are above).

hooks.register(portal_hooks.ACCOUNT_URLS, account.account_urls)
hooks.register(portal_hooks.ACCOUNT_SECTIONS, account.registrations_section)
hooks.register(portal_hooks.ACCOUNT_ERASURE_NOTICE, account.erasure_notice)
