"""The agenda (``EventIndexPage``) and its events (``EventPage``, with ``EventSpeaker``)."""

import datetime
from itertools import islice

from dateutil import rrule

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import BasePage, ImageMixin
from portal.listing_cache import lazy
from portal.pagination import paginate

from ..filters import AgendaFilter
from ..forms import EventPageForm
from ..vocabularies import Audience, Category
from .bookable import BookableDates, SignupPageMixin
from .listing import DatedListingMixin
from .slots import Slot


def fold_series(slots):
    """One entry per event series: keeps, of each event page's Slots in ``slots``, the first
    date (a cancelled one only if every date is cancelled). Training sessions are kept one by
    one: each has its own place and seats. ``slots`` is a plain (unannotated) queryset."""
    first = (
        slots.filter(page=OuterRef("page")).order_by("cancelled", "start", "pk").values("pk")[:1]
    )
    return slots.filter(Q(category=Category.TRAINING) | Q(pk=Subquery(first)))


def attach_series_dates(entries, slots, shown=3):
    """Sets ``entry.series_dates`` (the next ``shown`` starts) and ``entry.series_more`` (how
    many others) on each entry of an event series, from ``slots``, in one query."""
    pages = {entry.page_id for entry in entries if entry.category != Category.TRAINING}
    dates = {}
    if pages:
        rows = (
            slots.filter(page__in=pages, cancelled=False)
            .order_by("start", "pk")
            .values_list("page_id", "start")
        )
        for page_id, start in rows:
            dates.setdefault(page_id, []).append(start)
    for entry in entries:
        starts = dates.get(entry.page_id, [])
        many = len(starts) > 1
        entry.series_dates = starts[:shown] if many else []
        entry.series_more = max(0, len(starts) - shown) if many else 0
    return entries


class EventIndexPage(DatedListingMixin, BasePage):
    """The agenda: upcoming events and training sessions with filters, a month view, the
    archive, calendar feeds."""

    site_map_lists_children = False  # its items are listed on the page itself

    subpage_types = ["events.EventPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    per_page = 12
    page_description = _(
        "L’agenda des événements et des formations, avec ses filtres, sa vue par mois et ses "
        "calendriers."
    )
    template = "events/event_index_page.html"
    month_template = "events/event_month.html"
    filterset_class = AgendaFilter

    class Meta:
        verbose_name = _("agenda des événements")

    def slots(self):
        """Every public date of the site: this agenda's events and the training sessions
        (whoever owns a Slot lists it here, as in the calendar feed)."""
        return Slot.objects.public()

    def _feeds(self, filters):
        """The calendar feed matching the filters, as an .ics path and a ``webcal:`` URL."""
        from django.urls import reverse

        from portal.base_url import webcal

        query = filters.feed_query()
        path = reverse("events:calendar") + (f"?{query}" if query else "")
        return {"feed_query": query, "feed_url": path, "feed_webcal": webcal(path)}

    @path("")
    def index(self, request):
        filters = self.filterset(request)

        def dates():  # read by the template, inside its stored listing (portal.listing_cache)
            slots = filters.apply(self.slots().upcoming())
            entries = fold_series(slots).listing().order_by("start", "pk")
            page_obj = paginate(request, entries, self.per_page)
            attach_series_dates(page_obj.object_list, slots)
            return page_obj

        return self.render(
            request,
            context_overrides={
                "filter_form": filters,
                "slots_page": lazy(request, dates),
                "view": "upcoming",
                "pagination_query": filters.query_string(),
                **self._feeds(filters),
            },
        )

    @path("archives/", name="archives")
    def archives(self, request):
        filters = self.filterset(request)
        slots = filters.apply(self.slots().past()).listing()
        return self.render(
            request,
            template="events/event_archive.html",
            context_overrides={
                "filter_form": filters,
                "slots_page": paginate(request, slots, self.per_page),
                "view": "archives",
                "pagination_query": filters.query_string(),
            },
        )

    def month_context(self, request, view, filters):
        slots = filters.apply(self.slots().filter(view.overlaps()))
        view.place(list(slots.listing().order_by("start", "pk")))
        return self._feeds(filters)

    def feed_links(self):
        """Calendar feeds offered on the agenda: the network, each centre, each audience, as
        ``[(label, .ics path, webcal URL)]``."""
        from django.urls import reverse

        from portal.base_url import webcal

        path = reverse("events:calendar")
        links = [(_("Tout le réseau"), "")]
        links += [(centre.title, f"telecentre={centre.slug}") for centre in self.centres()]
        links += [(label, f"public={value}") for value, label in Audience.choices if value]
        result = []
        for label, query in links:
            url = f"{path}?{query}" if query else path
            result.append((label, url, webcal(url)))
        return result


class EventPage(SignupPageMixin, ImageMixin, BookableDates, BasePage):
    """One event, or a series of meet-ups with one bookable date per occurrence."""

    REPEAT_CHOICES = [
        ("", _("Une seule date")),
        ("weekly", _("Chaque semaine")),
        ("biweekly", _("Toutes les deux semaines")),
        (
            "monthly",
            _("Chaque mois, le même jour de la semaine (par exemple chaque premier mardi)"),
        ),
    ]
    MAX_OCCURRENCES = 60

    event_type = models.CharField(
        _("type"), max_length=20, choices=Category.event_choices(), default=Category.CONFERENCE
    )
    audience = models.CharField(
        _("public visé"), max_length=30, choices=Audience.choices, blank=True
    )
    repeat = models.CharField(_("répétition"), max_length=10, choices=REPEAT_CHOICES, blank=True)
    repeat_until = models.DateField(_("jusqu’au"), null=True, blank=True)
    other_address = models.TextField(
        _("autre adresse"), blank=True, help_text=_("Si ce n’est pas dans un télécentre.")
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("description"))
    what_to_bring = models.TextField(_("à apporter"), blank=True)
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)
    cancelled = models.BooleanField(
        _("événement annulé"),
        default=False,
        help_text=_("Les personnes inscrites sont prévenues par courriel."),
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("audience")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
                FieldPanel("cancelled"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("telecentre"),
                FieldPanel("other_address"),
                FieldRowPanel([FieldPanel("online"), FieldPanel("online_url")]),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("signup_opens"), FieldPanel("signup_closes")]),
                FieldPanel("waitlist_enabled"),
                HelpPanel(content=_("Les inscrits se consultent dans le menu « Inscriptions ».")),
            ],
            heading=_("Inscriptions"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel(
            "speakers", label=pgettext_lazy("admin panel", "Intervenant"), heading=_("Intervenants")
        ),
        MultiFieldPanel(
            [FieldPanel("what_to_bring"), FieldPanel("accessibility_notes")],
            heading=_("Infos pratiques"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("event_type"),
        index.RelatedFields("telecentre", [index.SearchField("title")]),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    page_description = _(
        "Une conférence, une rencontre, un atelier ou des portes ouvertes, avec ses inscriptions."
    )
    template = "events/event_page.html"
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    # -- dates

    def booked_slots(self):
        return self.slots.all() if self.pk else Slot.objects.none()

    def clean(self):
        """Wagtail cleans a page on every save (revisions, scheduled publishing, the demo):
        the date rules are the editors', checked by the edit form (``EventPageForm``)."""
        super(BookableDates, self).clean()

    def bookable_errors(self):
        errors = super().bookable_errors()
        if self.repeat and not self.repeat_until:
            errors["repeat_until"] = _("Indiquez jusqu’à quand la rencontre se répète.")
        elif (
            self.repeat_until
            and self.start
            and self.repeat_until < timezone.localtime(self.start).date()
        ):
            errors["repeat_until"] = _("La fin de la série doit suivre la première date.")
        return errors

    def occurrences(self):
        """``[(key, start, end)]``: one date, or one per occurrence of the series (Paris time)."""
        if not self.start or not self.end:
            return []
        duration = self.end - self.start
        if not self.repeat or not self.repeat_until:
            return [("event", self.start, self.end)]
        first = timezone.localtime(self.start).replace(tzinfo=None)
        until = datetime.datetime.combine(self.repeat_until, datetime.time.max)
        if self.repeat == "monthly":
            nth = (first.day - 1) // 7 + 1
            weekday = rrule.weekday(first.weekday())(nth if nth < 5 else -1)
            rule = rrule.rrule(rrule.MONTHLY, dtstart=first, byweekday=weekday, until=until)
        else:
            interval = 2 if self.repeat == "biweekly" else 1
            rule = rrule.rrule(rrule.WEEKLY, dtstart=first, interval=interval, until=until)
        result = []
        for naive in islice(rule, self.MAX_OCCURRENCES):
            start = timezone.make_aware(naive)
            result.append((naive.date().isoformat(), start, start + duration))
        return result

    def repeat_label(self):
        if self.repeat != "monthly":
            return self.get_repeat_display() if self.repeat else ""
        first = timezone.localtime(self.start)
        nth = (first.day - 1) // 7
        ordinal = [_("premier"), _("deuxième"), _("troisième"), _("quatrième"), _("dernier")][nth]
        return _("Chaque %(ordinal)s %(weekday)s du mois") % {
            "ordinal": ordinal,
            "weekday": date_format(first, "l"),
        }

    def bookable_slots(self):
        """The specs ``events.sync.sync_slots`` turns into Slots (see ``models.slots``)."""
        specs = {}
        for key, start, end in self.occurrences():
            opens = start - (self.start - self.signup_opens) if self.signup_opens else None
            closes = start - (self.start - self.signup_closes) if self.signup_closes else None
            specs[key] = self.slot_spec(
                title=self.title,
                description=self.introduction,
                category=self.event_type,
                audience=self.audience,
                start=start,
                end=end,
                signup_opens=opens,
                signup_closes=closes,
            )
        return specs

    # -- the sign-up page

    def shown_slots(self, upcoming, slots):
        return upcoming or slots[-1:]  # a past event still shows its date

    def next_slot(self, shown):
        return shown[0] if shown else None

    @cached_property
    def speaker_list(self):
        """The speakers, read once per request (the page and its structured data)."""
        return list(self.speakers.all())

    def signup_page_context(self, request):
        return {"speakers": self.speaker_list}


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction, structure"), max_length=200, blank=True)
    bio = models.TextField(_("présentation"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio")]

    class Meta(Orderable.Meta):
        verbose_name = _("intervenant")
        verbose_name_plural = _("intervenants")

    def __str__(self):
        return self.name
