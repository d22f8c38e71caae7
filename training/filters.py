"""The training calendar's filters: the engine's place and mode, plus the course-level ones
(audience, theme, price), which narrow the courses whose sessions are listed."""

import django_filters

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.filters import DateFilter
from events.vocabularies import Audience

from .vocabularies import Theme

EVERYONE_FILTER = "tout-public"
COURSE_FILTERS = ("public", "theme", "tarif")


class TrainingFilter(DateFilter):
    """``courses``: the calendar's courses (the course-level filters narrow them)."""

    public = django_filters.ChoiceFilter(
        label=_("Public"),
        choices=[
            *[(value, label) for value, label in Audience.training_choices() if value],
            (EVERYONE_FILTER, _("Tout public seulement")),
        ],
        empty_label=_("Tous les publics"),
        method="by_course",
    )
    theme = django_filters.ChoiceFilter(
        label=_("Thème"),
        choices=Theme.choices,
        empty_label=_("Tous les thèmes"),
        method="by_course",
    )
    tarif = django_filters.ChoiceFilter(
        label=_("Tarif"),
        choices=[("gratuit", _("Gratuit")), ("payant", _("Payant"))],
        empty_label=_("Gratuit ou payant"),
        method="by_course",
    )

    field_order = ("public", "theme", "telecentre", "mode", "tarif")

    def __init__(self, data=None, *args, courses=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.courses = courses
        self.filters["telecentre"].label = _("Lieu")

    def course_filter(self):
        """``Q`` on courses for the course-level filters (audience, theme, price)."""
        data = self.values
        query = Q()
        if data.get("public") == EVERYONE_FILTER:
            query &= Q(audience="")
        elif data.get("public"):
            query &= Q(audience=data["public"]) | Q(audience="")
        if data.get("theme"):
            query &= Q(theme=data["theme"])
        if data.get("tarif") == "gratuit":
            query &= Q(price__isnull=True) | Q(price=0)
        elif data.get("tarif") == "payant":
            query &= Q(price__gt=0)
        return query

    def by_course(self, queryset, name, value):
        return queryset  # applied once for all three, in ``filter_queryset``

    def filter_queryset(self, queryset):
        if any(self.values.get(name) for name in COURSE_FILTERS):
            courses = self.courses.filter(self.course_filter())
            queryset = queryset.filter(page__in=courses.values("pk"))
        return super().filter_queryset(queryset)
