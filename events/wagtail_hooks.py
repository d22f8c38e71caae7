"""Wagtail hooks: upcoming dates for home and centre pages, demo data, the admin screens."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import Slot


@hooks.register("cybercantal_upcoming")
def upcoming_slots(limit=6, telecentre=None, telecentres=None):
    """Next public dates (events and training sessions), of one centre, of a list of
    centres (a commune's page: those within 30 km) or of all: one query."""
    slots = (
        Slot.objects.public()
        .upcoming()
        .filter(cancelled=False)
        .select_related("page", "telecentre")
    )
    if telecentre is not None:
        slots = slots.filter(telecentre=telecentre)
    if telecentres is not None:
        slots = slots.filter(telecentre__in=list(telecentres))
    return list(slots[:limit])


@hooks.register("cybercantal_calendar_feed")
def calendar_feed(telecentre=None):
    """The calendar feed of the network or of one centre: ``(.ics path, webcal URL)``."""
    from portal.base_url import webcal

    path = reverse("events:calendar")
    if telecentre is not None:
        path += f"?telecentre={telecentre.slug}"
    return path, webcal(path)


@hooks.register("cybercantal_seed_demo")
def seed_events_demo(stdout=None, options=None):
    from .demo import seed_events

    created = seed_events()
    if stdout is not None:
        stdout.write(f"Agenda : {created} événement(s) créé(s).")


@hooks.register("cybercantal_seed_test")
def seed_events_test():
    from .demo import seed_agenda

    seed_agenda()


admin_urlpatterns = [
    path("", admin_views.slot_index, name="index"),
    path("<int:pk>/", admin_views.slot_detail, name="slot"),
    path("<int:pk>/export.csv", admin_views.slot_csv, name="slot_csv"),
    path("<int:pk>/message/", admin_views.slot_message, name="slot_message"),
    path("inscription/<int:pk>/annuler/", admin_views.registration_cancel, name="cancel"),
    path("inscription/<int:pk>/presence/", admin_views.registration_check_in, name="check_in"),
    path("inscription/<int:pk>/deplacer/", admin_views.registration_move, name="move"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "inscriptions/", include((admin_urlpatterns, "events_admin"), namespace="events_admin")
        )
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.view_registration")


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Inscriptions"),
        reverse("events_admin:index"),
        icon_name="group",
        name="inscriptions",
        order=250,
    )


@hooks.register("register_permissions")
def register_registration_permissions():
    return Permission.objects.filter(
        content_type__app_label="events", codename__in=["view_registration", "change_registration"]
    )


@hooks.register("cybercantal_admin_charts")
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


@hooks.register("cybercantal_prepare_emails")
def write_pending_registration_emails():
    """For the `email` job: sign-up emails recorded but not written yet (see events.outbox)."""
    from .outbox import write_pending

    return write_pending()


@hooks.register("cybercantal_personal_data")
def export_registrations(user):
    """The data export's sign-ups (events and training) and queued emails."""
    from .personal_data import export

    return export(user)


@hooks.register("cybercantal_erase_personal_data")
def erase_registrations(user, emails):
    """Account deletion: sign-ups cancelled (seats freed) and anonymised, emails deleted."""
    from .personal_data import erase

    return erase(user, emails)
