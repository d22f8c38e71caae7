"""The filters of the lists of dates (the agenda, the training calendar), with django-filter.

Every filter is a GET parameter, so the lists work without JavaScript and a filtered list
has its own URL. ``DateFilter`` holds what both lists offer (the place and the « mode »:
on site or online); ``AgendaFilter`` adds the events/training switch and the type, and
training's own filter (``training.filters``) adds the course-level ones. An invalid value
(a hand-edited URL) filters nothing: the list is shown whole, as before any choice.
"""

from urllib.parse import urlencode

import django_filters

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import LazyChoices

from .vocabularies import Category

MODES = [("onsite", _("Sur place")), ("online", _("En ligne"))]


class DateFilter(django_filters.FilterSet):
    """Filters on Slots (``queryset``). ``centres``: the centres offered (``slug``, ``title``),
    read when the form is first rendered or checked (a lazy queryset or ``lazy()`` value)."""

    telecentre = django_filters.ChoiceFilter(
        field_name="telecentre__slug", label=_("Télécentre"), empty_label=_("Tous les télécentres")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=MODES,
        empty_label=_("Sur place ou en ligne"),
        method="filter_mode",
    )

    field_order = ()  # the form's fields in this order (base filters come first otherwise)
    counted = None  # the filters the folded summary counts (all when None)

    def __init__(self, data=None, *args, centres=(), **kwargs):
        super().__init__(data or None, *args, **kwargs)
        self.filters["telecentre"].extra["choices"] = LazyChoices(
            lambda: [(centre.slug, centre.title) for centre in centres]
        )

    @property
    def form(self):
        form = super().form
        if self.field_order:
            form.order_fields(self.field_order)
        return form

    def filter_mode(self, queryset, name, value):
        if value == "online":
            return queryset.filter(online=True)
        if value == "onsite":
            return queryset.filter(Q(telecentre__isnull=False) | ~Q(other_address=""))
        return queryset

    # -- for the views and templates

    @property
    def data_ok(self):
        return self.is_valid()

    @property
    def values(self):
        """The chosen values (empty when nothing, or something invalid, was chosen)."""
        return dict(self.form.cleaned_data) if self.data_ok else {}

    def apply(self, queryset):
        """``queryset`` narrowed by the chosen filters (any Slot queryset: a month, the
        next dates...)."""
        return self.filter_queryset(queryset) if self.data_ok else queryset

    def query_string(self, **changes):
        data = {**self.values, **changes}
        return urlencode({key: value for key, value in data.items() if value})

    def active_count(self):
        """How many filters narrow the list (the folded filters' summary says it)."""
        names = self.counted or self.filters.keys()
        return sum(1 for name in names if self.values.get(name))

    def is_filtering(self):
        return any(self.values.values())


class AgendaFilter(DateFilter):
    """The agenda's filters; « kind » is the « Tous / Événements / Formations » switch."""

    KINDS = [("", _("Tous")), ("events", _("Événements")), ("training", _("Formations"))]

    kind = django_filters.ChoiceFilter(
        choices=KINDS[1:], widget=forms.HiddenInput, method="filter_kind"
    )
    type = django_filters.ChoiceFilter(
        field_name="category",
        label=_("Type"),
        choices=Category.event_choices(),
        empty_label=_("Tous les types"),
    )

    field_order = ("kind", "type", "telecentre", "mode")
    counted = ("type", "telecentre", "mode")  # the switch is shown apart

    def filter_kind(self, queryset, name, value):
        if value == "training":
            return queryset.filter(category=Category.TRAINING)
        if value == "events":
            return queryset.exclude(category=Category.TRAINING)
        return queryset

    def kind_query(self):
        """The query that keeps only the type switch (« Tout afficher » keeps it)."""
        kind = self.values.get("kind", "")
        return f"kind={kind}" if kind else ""

    def kind_links(self):
        """``[(label, query, current)]``: the switch, keeping the other filters."""
        current = self.values.get("kind", "")
        return [
            (label, self.query_string(kind=value), value == current) for value, label in self.KINDS
        ]

    def feed_query(self):
        """The calendar feed's query for these filters (the feed knows centre, kind, type)."""
        return urlencode(
            {
                key: self.values[key]
                for key in ("telecentre", "kind", "type")
                if self.values.get(key)
            }
        )
