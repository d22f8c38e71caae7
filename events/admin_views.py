"""Editors' sign-up screens in the Wagtail admin, on Wagtail's ``ModelViewSet``.

« Inscriptions » lists the bookable dates (events and training sessions alike: ``Slot``
rows) with their counts, filtered (upcoming or past, centre, owner page type), paginated,
exported in CSV and XLSX. A date's inspect view shows its registrants by status, with the
actions (``events.admin_actions``: cancel, move, check-in, message). The registrants'
listing (``RegistrationViewSet``) is where their export comes from.

Both models answer to one permission policy: registrants' personal data (emails included)
is shown only to users holding ``events.view_registration`` (editors); actions need
``events.change_registration``. Dates and sign-ups are written by pages and visitors,
never added, edited or deleted here.
"""

import django_filters

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from home.models import TelecentrePage
from portal import formats
from portal.i18n import in_default_locale
from portal.spreadsheet import SafeSpreadsheetExportMixin

from . import admin_actions
from .models import Registration, Slot

VIEW = "events.view_registration"
CHANGE = "events.change_registration"
#: The actions on registrants (``events.admin_actions``), all under ``CHANGE``.
ACTIONS = ("cancel", "move", "check_in", "message")


class SignUpPermissionPolicy(ModelPermissionPolicy):
    """« view » with ``events.view_registration``; the actions with
    ``events.change_registration``; never add, edit or delete (pages and visitors write)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.has_perm(VIEW)
        if action in ACTIONS:
            return user.has_perm(CHANGE)
        return False


register_permission_policy(Slot, SignUpPermissionPolicy(Slot))
register_permission_policy(Registration, SignUpPermissionPolicy(Registration))


# ---------------------------------------------------------------------------
# Dates


def owner_choices():
    """The page types that own dates (events, training courses), from the data: the
    agenda's admin does not need to know which apps book dates."""
    types = ContentType.objects.filter(
        pk__in=Slot.objects.filter(page__isnull=False).values("page__content_type")
    ).order_by("model")
    return [
        (f"{ct.app_label}.{ct.model}", capfirst(ct.model_class()._meta.verbose_name))
        for ct in types
        if ct.model_class() is not None
    ]


class SlotFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=gettext_lazy("Dates"),
        choices=[("upcoming", gettext_lazy("À venir")), ("past", gettext_lazy("Passées"))],
        method="filter_when",
        empty_label=gettext_lazy("Toutes"),
        initial="upcoming",
    )
    telecentre = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Télécentre"),
        queryset=in_default_locale(TelecentrePage.objects.order_by("title")),
        empty_label=gettext_lazy("Tous"),
    )
    owner = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"),
        choices=owner_choices,
        method="filter_owner",
        empty_label=gettext_lazy("Tous"),
    )

    class Meta:
        model = Slot
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Upcoming dates unless asked otherwise (« Toutes » sends an empty value).
        if data is not None and "when" not in data:
            data = data.copy()
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(end__gte=now)
        if value == "past":
            return queryset.filter(end__lt=now)
        return queryset

    def filter_owner(self, queryset, name, value):
        app_label, _dot, model = value.partition(".")
        return queryset.filter(
            page__content_type__app_label=app_label, page__content_type__model=model
        )


def seats(slot):
    return f"{slot.n_confirmed} / {slot.capacity if slot.capacity is not None else '∞'}"


def slot_title(slot):
    return f"{slot.title} ({_('annulé')})" if slot.cancelled else slot.title


class SlotIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The dates with their counts, upcoming first by date, past ones latest first."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(page__isnull=False).listing()

    def get_ordering(self):
        if "ordering" in self.request.GET:
            return super().get_ordering()
        return "-start" if self.request.GET.get("when") == "past" else "start"

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def get_filename(self):
        return f"dates-{timezone.localdate():%Y-%m-%d}"

    def totals(self, queryset):
        """Sign-ups of every date listed (all pages of the listing), in one query."""
        return Registration.objects.filter(slot__in=queryset.values("pk")).aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.WAITLISTED)),
            checked_in=Count(
                "pk", filter=Q(status=Registration.CONFIRMED, checked_in_at__isnull=False)
            ),
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["totals"] = self.totals(self.object_list)
        return context


class SlotInspectView(InspectView):
    """A date's registrants by status (confirmed, waiting list in its order, cancelled),
    with the actions for those who may act."""

    template_name = "events/admin/slot_inspect.html"
    page_title = gettext_lazy("Inscrits")

    def get_object(self, queryset=None):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(Slot.objects.listing(), pk=self.pk)

    def get_page_subtitle(self):
        return f"{self.object.title}, {formats.stamp(self.object.start)}"

    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.object.page_id:
            buttons.append(
                Button(
                    _("Modifier la page"),
                    url=reverse("wagtailadmin_pages:edit", args=[self.object.page_id]),
                    icon_name="edit",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slot = self.object
        registrations = list(slot.registrations.order_by("queued_at", "pk"))
        position = 0
        for registration in registrations:
            if registration.status == Registration.WAITLISTED:
                position += 1
                registration.queue_position = position
        can_change = self.user_has_permission("cancel")
        other_slots = list(admin_actions.move_targets(slot)) if can_change else []
        by_status = [
            (Registration.CONFIRMED, _("Confirmés")),
            (Registration.WAITLISTED, _("Liste d’attente (par ordre d’arrivée)")),
            (Registration.CANCELLED, _("Annulés")),
        ]
        context["groups"] = [
            {
                "status": status,
                "heading": heading,
                "table": registrant_table(
                    [r for r in registrations if r.status == status],
                    status=status,
                    actions=can_change,
                    other_slots=other_slots,
                    caption=heading,
                ),
                "count": sum(1 for r in registrations if r.status == status),
            }
            for status, heading in by_status
        ]
        context["can_change"] = can_change
        context["export_url"] = reverse("events_registrants:index") + f"?slot={slot.pk}&export="
        context["message_url"] = reverse("events_admin:message", args=[slot.pk])
        return context


class ActionsColumn(Column):
    """Check-in, cancel and move, as small forms posting to ``events.admin_actions``."""

    cell_template_name = "events/admin/registrant_actions.html"

    def __init__(self, *args, status, other_slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.status = status
        self.other_slots = other_slots

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(
            {
                "registration": instance,
                "status": self.status,
                "other_slots": self.other_slots,
                "csrf_token": parent_context.get("csrf_token"),
            }
        )
        return context


class EmailColumn(Column):
    cell_template_name = "events/admin/email_cell.html"


def registrant_table(rows, *, status, actions, other_slots, caption):
    columns = []
    if status == Registration.WAITLISTED:
        columns.append(Column("queue_position", label=_("Rang")))
    columns += [
        Column(
            "name",
            label=_("Nom"),
            accessor=lambda r: (
                (r.name or "—")
                + (
                    f" ({_('présent')})"
                    if r.checked_in_at and status == Registration.CONFIRMED
                    else ""
                )
            ),
        ),
        EmailColumn("email", label=_("Adresse électronique")),
        Column("organisation", label=_("Structure")),
        Column("phone", label=_("Téléphone")),
        Column("created_at", label=_("Inscrit le"), accessor=lambda r: formats.stamp(r.created_at)),
    ]
    if actions and status != Registration.CANCELLED:
        columns.append(
            ActionsColumn("actions", label=_("Actions"), status=status, other_slots=other_slots)
        )
    return Table(columns, rows, caption=caption)


class SlotViewSet(ModelViewSet):
    model = Slot
    icon = "group"
    menu_label = gettext_lazy("Inscriptions")
    menu_name = "inscriptions"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "inscriptions"
    url_namespace = "events_admin"
    # Sign-ups are written on the public site's hot path: no reference-index work on save.
    add_to_reference_index = False
    index_view_class = SlotIndexView
    index_results_template_name = "events/admin/slot_index_results.html"
    inspect_view_class = SlotInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SlotFilterSet
    list_per_page = 50
    list_display = [
        Column(
            "start",
            label=gettext_lazy("Date"),
            accessor=lambda slot: formats.stamp(slot.start),
            sort_key="start",
        ),
        TitleColumn(
            "title",
            label=gettext_lazy("Événement"),
            accessor=slot_title,
            get_url=lambda slot: reverse("events_admin:inspect", args=[slot.pk]),
        ),
        Column("place", label=gettext_lazy("Lieu")),
        Column("seats", label=gettext_lazy("Confirmés / places"), accessor=seats),
        Column("n_waitlisted", label=gettext_lazy("Liste d’attente")),
        Column("n_checked_in", label=gettext_lazy("Présents")),
    ]
    list_export = [
        "start",
        "title",
        "kind",
        "place",
        "capacity",
        "n_confirmed",
        "n_waitlisted",
        "n_checked_in",
        "cancelled",
    ]
    export_headings = {
        "start": gettext_lazy("Début"),
        "title": gettext_lazy("Titre"),
        "kind": gettext_lazy("Type"),
        "place": gettext_lazy("Lieu"),
        "capacity": gettext_lazy("Places"),
        "n_confirmed": gettext_lazy("Confirmés"),
        "n_waitlisted": gettext_lazy("En liste d’attente"),
        "n_checked_in": gettext_lazy("Présents"),
        "cancelled": gettext_lazy("Annulé"),
    }
    search_fields = ["title"]
    search_backend_name = None
    form_fields = []

    def get_urlpatterns(self):
        # The inspect view answers at /admin/inscriptions/<pk>/ as it always did; the
        # actions at /admin/inscriptions/<pk>/message/ and /admin/inscriptions/inscription/….
        patterns = [p for p in super().get_urlpatterns() if p.name != "inspect"]
        return patterns + [
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/message/", admin_actions.MessageView.as_view(), name="message"),
            path(
                "inscription/<int:pk>/annuler/", admin_actions.CancelView.as_view(), name="cancel"
            ),
            path(
                "inscription/<int:pk>/presence/",
                admin_actions.CheckInView.as_view(),
                name="check_in",
            ),
            path("inscription/<int:pk>/deplacer/", admin_actions.MoveView.as_view(), name="move"),
        ]

    def get_permissions_to_register(self):
        """The groups' screen offers the two registration permissions, no slot's."""
        return Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["view_registration", "change_registration"],
        )


# ---------------------------------------------------------------------------
# Registrants (their listing and export; reached from a date)


class RegistrationFilterSet(WagtailFilterSet):
    slot = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Date"),
        queryset=Slot.objects.filter(page__isnull=False).order_by("-start"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"),
        choices=Registration.STATUSES,
        empty_label=gettext_lazy("Tous"),
    )

    class Meta:
        model = Registration
        fields = []


def present(registration):
    return _("oui") if registration.checked_in_at else ""


def waitlist_rank(registration):
    return registration.queue_rank if registration.status == Registration.WAITLISTED else None


class RegistrationIndexView(SafeSpreadsheetExportMixin, IndexView):
    """Registrants, by date and arrival; their rank on the waiting list computed by the
    database (one query for the whole export)."""

    export_values = {"waitlist_rank": waitlist_rank, "present": present}

    def get_base_queryset(self):
        rank = Window(
            RowNumber(), partition_by=[F("slot"), F("status")], order_by=[F("queued_at"), F("pk")]
        )
        return (
            super()
            .get_base_queryset()
            .exclude(anonymised_at__isnull=False)
            .select_related("slot")
            .annotate(queue_rank=rank)
        )

    def order_queryset(self, queryset):
        return queryset.order_by("slot__start", "slot", "queued_at", "pk")

    def get_filename(self):
        slot = self.filters.form.cleaned_data.get("slot") if self.filters.is_valid() else None
        if slot is None:
            return f"inscrits-{timezone.localdate():%Y-%m-%d}"
        day = timezone.localtime(slot.start).strftime("%Y-%m-%d")
        return f"inscrits-{slugify(slot.title)[:50]}-{day}"


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "user"
    add_to_admin_menu = False
    url_prefix = "inscriptions/inscrits"
    url_namespace = "events_registrants"
    add_to_reference_index = False
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        "name",
        "email",
        "organisation",
        Column("slot", label=gettext_lazy("Date")),
        Column("status", label=gettext_lazy("Statut"), accessor="get_status_display"),
        Column("rank", label=gettext_lazy("Rang"), accessor=waitlist_rank),
    ]
    list_export = [
        "get_status_display",
        "waitlist_rank",
        "name",
        "email",
        "organisation",
        "phone",
        "created_at",
        "present",
    ]
    export_headings = {
        "get_status_display": "Statut",
        "waitlist_rank": "Position en attente",
        "name": "Nom",
        "email": "Adresse électronique",
        "organisation": "Structure",
        "phone": "Téléphone",
        "created_at": "Inscrit le",
        "present": "Présent",
    }
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    form_fields = []

    def get_permissions_to_register(self):
        return Permission.objects.none()  # SlotViewSet registers them
