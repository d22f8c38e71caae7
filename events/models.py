"""Events and the one sign-up engine: slots (bookable dates), registrations, their emails.

How the pieces fit
------------------

``Slot`` is the scarce row: one bookable date with its capacity, sign-up window, place and
waiting-list switch. Every sign-up (``Registration``) points to one Slot, and
``events.services`` is the only code that writes ``Registration.status``: it locks the Slot
(``select_for_update`` on PostgreSQL, SQLite's ``IMMEDIATE`` transactions), counts, decides
and writes in one transaction.

Who owns a Slot (the mechanism other apps use)
----------------------------------------------

A Slot belongs to a **page** (``Slot.page``, any Wagtail page) and is named inside that page
by a **key** (``Slot.key``, unique per page). The page describes its bookable dates by
implementing ``bookable_slots()``, returning ``{key: SlotSpec(...)}``; on every publish
(``page_published`` signal, see ``events.signals``) ``events.services.sync_slots(page, specs)``
creates, updates (bumping the iCalendar ``SEQUENCE`` when the date or place changes),
cancels or deletes the page's Slots. Title, category, description and URL are copied from the
page, so listings and calendar feeds never need the owning model.

* ``EventPage`` returns one spec (key ``"event"``) or one per occurrence of a series
  (key: the local date, ``"2026-03-03"``).
* A training course page can return one spec per ``TrainingSession`` row, keyed by a stable
  value of that row (a UUID field on the session, say), then find the Slot again with
  ``Slot.objects.for_owner(page, key)`` and book through ``services.register(slot, ...)``.
  ``Slot.anchor`` lets the Slot's URL point at the session on the page (``#session-...``).

A key that disappears from the specs cancels its Slot when people are signed up (they are
emailed) and deletes it otherwise. Slots of unpublished pages, and of pages in a section
with a view restriction (the page or an ancestor), are hidden everywhere public
(``Slot.objects.public()``: listings, the home and centre pages, the network calendar feed).
"""

import datetime
import secrets
import uuid

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import BasePage, ImageMixin, TelecentrePage
from portal import formats
from portal.base_url import base_url

# ---------------------------------------------------------------------------
# Slots


class Category(models.TextChoices):
    CONFERENCE = "conference", _("Conférence")
    MEETUP = "meetup", _("Rencontre")
    WORKSHOP = "workshop", _("Atelier")
    OPEN_DAY = "open_day", _("Portes ouvertes")
    TRAINING = "training", _("Formation")


class Audience(models.TextChoices):
    EVERYONE = "", _("Tout public")
    TELEWORKERS = "teletravailleurs", _("Salariés en télétravail")
    FREELANCERS = "independants", _("Indépendants et créateurs")
    BUSINESSES = "entreprises", _("Entreprises et recruteurs")
    NEWCOMERS = "nouveaux-arrivants", _("Nouveaux arrivants")


class SlotQuerySet(models.QuerySet):
    def for_owner(self, page, key):
        return self.filter(page=page, key=key).first()

    def public(self):
        """Slots whose page is live and public by Wagtail's rules: neither the page nor any
        of its ancestors has a view restriction (``PageQuerySet.public()``)."""
        from wagtail.models import Page

        return self.filter(page__in=Page.objects.live().public().values("pk"))

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_counts(self):
        """Adds ``n_confirmed``, ``n_waitlisted`` and ``n_checked_in`` in the same query."""
        return self.annotate(
            n_confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.CONFIRMED)
            ),
            n_waitlisted=Count(
                "registrations", filter=Q(registrations__status=Registration.WAITLISTED)
            ),
            n_checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status=Registration.CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
        )

    def listing(self):
        return self.select_related("page", "telecentre", "telecentre__commune").with_counts()


class Slot(models.Model):
    """One bookable date: the row that is locked while a sign-up is decided."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slots",
    )
    key = models.CharField(_("clé dans la page"), max_length=64, default="event")
    anchor = models.CharField(_("ancre dans la page"), max_length=64, blank=True)
    uid = models.UUIDField(
        _("identifiant de calendrier"), default=uuid.uuid4, unique=True, editable=False
    )
    title = models.CharField(_("titre"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("type"), max_length=20, choices=Category.choices, default=Category.CONFERENCE
    )
    audience = models.CharField(_("public"), max_length=30, choices=Audience.choices, blank=True)
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    waitlist_enabled = models.BooleanField(_("liste d’attente"), default=True)
    signup_opens = models.DateTimeField(_("ouverture des inscriptions"), null=True, blank=True)
    signup_closes = models.DateTimeField(_("clôture des inscriptions"), null=True, blank=True)
    telecentre = models.ForeignKey(
        "home.TelecentrePage",
        verbose_name=_("télécentre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_slots",
    )
    other_address = models.TextField(_("autre adresse"), blank=True)
    online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(_("lien de connexion"), blank=True)
    cancelled = models.BooleanField(_("annulé"), default=False)
    sequence = models.PositiveIntegerField(_("version (SEQUENCE iCalendar)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("date réservable")
        verbose_name_plural = _("dates réservables")
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="events_slot_unique_key_per_page")
        ]

    def __str__(self):
        return f"{self.title} — {timezone.localtime(self.start):%d/%m/%Y %H:%M}"

    # -- what listings, feeds and the home page show

    @property
    def kind(self):
        return self.get_category_display()

    @property
    def url(self):
        if not self.page_id:
            return ""
        url = self.page.url or ""
        return f"{url}#{self.anchor}" if self.anchor else url

    @property
    def place(self):
        """Where it happens, in a few words: the centre, the address's first line, or online."""
        if self.telecentre_id:
            where = self.telecentre.title
        elif self.other_address.strip():
            where = self.other_address.strip().splitlines()[0].strip()
        else:
            return str(_("En ligne")) if self.online else ""
        return f"{where} {_('et en ligne')}" if self.online else where

    @property
    def short_place(self):
        """The town, for a date picker: « Aurillac », « Aurillac et en ligne », « en ligne »."""
        if self.telecentre_id:
            where = self.telecentre.commune.name
        elif self.other_address.strip():
            where = self.other_address.strip().splitlines()[0].strip()
        else:
            return str(_("en ligne")) if self.online else ""
        return f"{where} {_('et en ligne')}" if self.online else where

    @property
    def full_address(self):
        if self.telecentre_id:
            centre = self.telecentre
            return f"{centre.title}, {centre.street_address}, {centre.commune.postcode} {centre.commune.name}"
        return ", ".join(line.strip() for line in self.other_address.splitlines() if line.strip())

    @property
    def attendance_mode(self):
        on_site = bool(self.telecentre_id or self.other_address)
        if self.online and on_site:
            return "mixed"
        return "online" if self.online else "offline"

    # -- counts (annotated by ``with_counts()``, counted otherwise)

    def _count(self, name, status):
        value = getattr(self, f"n_{name}", None)
        if value is None:
            value = self.registrations.filter(status=status).count()
        return value

    @property
    def confirmed_count(self):
        return self._count("confirmed", Registration.CONFIRMED)

    @property
    def waitlisted_count(self):
        return self._count("waitlisted", Registration.WAITLISTED)

    @property
    def seats_left(self):
        """Free seats for a newcomer (``None`` when unlimited). Waiting people count as taken."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count - self.waitlisted_count)

    @property
    def remaining_capacity(self):
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count)

    def closes_at(self):
        return self.signup_closes or self.start

    def signup_state(self, now=None):
        """``open``, ``not_yet``, ``closed``, ``past`` or ``cancelled``."""
        now = now or timezone.now()
        if self.cancelled:
            return "cancelled"
        if self.start <= now:
            return "past"
        if self.signup_opens and now < self.signup_opens:
            return "not_yet"
        if now >= self.closes_at():
            return "closed"
        return "open"

    def availability_label(self, now=None):
        state = self.signup_state(now)
        if state == "cancelled":
            return _("Annulé")
        if state == "past":
            return _("Terminé")
        if state == "not_yet":
            return _("Inscriptions à partir du %(date)s") % {
                "date": formats.stamp(self.signup_opens)
            }
        if state == "closed":
            return _("Inscriptions closes")
        left = self.seats_left
        if left is None:
            return _("Places disponibles")
        if left == 0:
            return _("Complet, liste d’attente ouverte") if self.waitlist_enabled else _("Complet")
        return ngettext("%(n)d place restante", "%(n)d places restantes", left) % {"n": left}


# ---------------------------------------------------------------------------
# Registrations


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    STATUSES = [
        (CONFIRMED, _("confirmée")),
        (WAITLISTED, _("en liste d’attente")),
        (CANCELLED, _("annulée")),
    ]
    ACTIVE = (CONFIRMED, WAITLISTED)

    slot = models.ForeignKey(
        Slot, verbose_name=_("date"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("nom et prénom"), max_length=150)
    email = models.EmailField(_("courriel"), max_length=254, db_index=True)
    organisation = models.CharField(_("structure"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    consent = models.BooleanField(_("accord sur l’usage des données"), default=False)
    status = models.CharField(_("statut"), max_length=12, choices=STATUSES, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    queued_at = models.DateTimeField(_("ordre d’arrivée"), default=timezone.now, editable=False)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True, editable=False)
    promoted_at = models.DateTimeField(
        _("sorti de la liste d’attente le"), null=True, blank=True, editable=False
    )
    checked_in_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("rappel envoyé le"), null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            # One active sign-up per email per date (anonymised rows have no email).
            models.UniqueConstraint(
                fields=["slot", "email"],
                condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(email=""),
                name="events_registration_one_active_per_email",
            )
        ]
        indexes = [models.Index(fields=["slot", "status", "queued_at"], name="events_reg_queue")]

    def __str__(self):
        return f"{self.name or _('anonyme')} — {self.slot} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("events:registration", args=[self.token])

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @cached_property
    def waitlist_position(self):
        """1 for the next person to get a seat; ``None`` when not waiting."""
        if self.status != self.WAITLISTED:
            return None
        ahead = (
            Registration.objects.filter(slot_id=self.slot_id, status=self.WAITLISTED)
            .filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk))
            .count()
        )
        return ahead + 1


# ---------------------------------------------------------------------------
# Emails about sign-ups


class RegistrationEmail(models.Model):
    """An email about a sign-up, recorded in the sign-up's transaction, written after it commits.

    It is rendered once that transaction has committed (so the Slot's lock is never held while
    templates render), then joins the site's mail queue (``portal.mail``) and this row is
    deleted, in one transaction (``events.outbox``).
    """

    KINDS = [
        ("confirmed", _("confirmation")),
        ("waitlisted", _("liste d’attente")),
        ("promoted", _("place libérée")),
        ("cancelled", _("annulation")),
        ("moved", _("changement de date")),
        ("slot_cancelled", _("événement annulé")),
        ("reminder", _("rappel")),
        ("already_registered", _("déjà inscrit")),
    ]

    kind = models.CharField(_("type"), max_length=20, choices=KINDS)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pending_emails"
    )
    # What rendering needs besides the sign-up: base URL, extra values.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("courriel d’inscription à écrire")
        verbose_name_plural = _("courriels d’inscription à écrire")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.registration_id}"


def local_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


# ---------------------------------------------------------------------------
# Pages


class EventFilterForm(forms.Form):
    KINDS = [("", _("Tous")), ("events", _("Événements")), ("training", _("Formations"))]

    kind = forms.ChoiceField(required=False, choices=KINDS, widget=forms.HiddenInput)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous les types"))] + Category.choices[:4]
    )
    telecentre = forms.ChoiceField(label=_("Télécentre"), required=False)
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Sur place ou en ligne")),
            ("onsite", _("Sur place")),
            ("online", _("En ligne")),
        ],
    )

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["telecentre"].choices = [("", _("Tous les télécentres"))] + [
            (centre.slug, centre.title) for centre in centres
        ]

    def apply(self, slots):
        if not self.is_valid():
            return slots
        data = self.cleaned_data
        if data.get("kind") == "training":
            slots = slots.filter(category=Category.TRAINING)
        elif data.get("kind") == "events":
            slots = slots.exclude(category=Category.TRAINING)
        if data.get("type"):
            slots = slots.filter(category=data["type"])
        if data.get("telecentre"):
            slots = slots.filter(telecentre__slug=data["telecentre"])
        if data.get("mode") == "online":
            slots = slots.filter(online=True)
        elif data.get("mode") == "onsite":
            slots = slots.filter(Q(telecentre__isnull=False) | ~Q(other_address=""))
        return slots

    def query_string(self, **changes):
        from urllib.parse import urlencode

        data = dict(self.cleaned_data) if self.is_bound and self.is_valid() else {}
        data.update(changes)
        return urlencode({key: value for key, value in data.items() if value})

    def active_count(self):
        """How many filters narrow the list (the type switch is shown apart)."""
        if not (self.is_bound and self.is_valid()):
            return 0
        return sum(1 for name in ("type", "telecentre", "mode") if self.cleaned_data.get(name))

    def kind_query(self):
        """The query that keeps only the type switch (« Tout afficher » keeps it)."""
        kind = self.cleaned_data.get("kind", "") if self.is_bound and self.is_valid() else ""
        return f"kind={kind}" if kind else ""

    def kind_links(self):
        """``[(label, query, current)]``: the « Tous / Événements / Formations » switch,
        keeping the other filters."""
        current = self.cleaned_data.get("kind", "") if self.is_bound and self.is_valid() else ""
        return [
            (label, self.query_string(kind=value), value == current) for value, label in self.KINDS
        ]


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


def _paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404 from exc


class EventIndexPage(RoutablePageMixin, BasePage):
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

    class Meta:
        verbose_name = _("agenda des événements")

    def slots(self):
        """Every public date of the site: this agenda's events and the training sessions
        (whoever owns a Slot lists it here, as in the calendar feed)."""
        return Slot.objects.public()

    def centres(self):
        return (
            TelecentrePage.objects.live()
            .public()
            .order_by("title")
            .only("pk", "title", "slug", "url_path")
        )

    def _filtered(self, request, slots):
        form = EventFilterForm(request.GET or None, centres=self.centres())
        return form, (form.apply(slots) if form.is_bound else slots)

    def _feeds(self, form):
        """The calendar feed matching the filters (the feed knows centre and type), as an
        .ics path and a ``webcal:`` subscription URL."""
        from urllib.parse import urlencode

        from django.urls import reverse

        from portal.base_url import webcal

        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        query = urlencode(
            {key: data[key] for key in ("telecentre", "kind", "type") if data.get(key)}
        )
        path = reverse("events:calendar") + (f"?{query}" if query else "")
        return {"feed_query": query, "feed_url": path, "feed_webcal": webcal(path)}

    @path("")
    def index(self, request):
        form, slots = self._filtered(request, self.slots().upcoming())
        entries = fold_series(slots).listing().order_by("start", "pk")
        page_obj = _paginate(request, entries, self.per_page)
        attach_series_dates(page_obj.object_list, slots)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "slots_page": page_obj,
                "view": "upcoming",
                "pagination_query": form.query_string(),
                **self._feeds(form),
            },
        )

    @path("archives/", name="archives")
    def archives(self, request):
        form, slots = self._filtered(request, self.slots().past())
        page_obj = _paginate(request, slots.listing(), self.per_page)
        return self.render(
            request,
            template="events/event_archive.html",
            context_overrides={
                "filter_form": form,
                "slots_page": page_obj,
                "view": "archives",
                "pagination_query": form.query_string(),
            },
        )

    @path("mois/", name="current_month")
    def current_month(self, request):
        today = timezone.localdate()
        url = self.url + self.reverse_subpage("month", args=[today.year, today.month])
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)

    @path("mois/<int:year>/<int:month>/", name="month")
    def month(self, request, year, month):
        from .months import MonthView

        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        view = MonthView(year, month)
        form, slots = self._filtered(request, self.slots().filter(view.overlaps()))
        view.place(list(slots.listing().order_by("start", "pk")))
        return self.render(
            request,
            template="events/event_month.html",
            context_overrides={
                "filter_form": form,
                "calendar": view,
                "month": view.first,
                "previous_month": view.previous,
                "next_month": view.following,
                "view": "month",
                "filter_query": form.query_string(),
                **self._feeds(form),
            },
        )

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


class EventPageForm(WagtailAdminPageForm):
    """Checks dates and place, and refuses a capacity below the seats already confirmed."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("La fin doit suivre le début."))
        closes, opens = cleaned.get("signup_closes"), cleaned.get("signup_opens")
        if start and closes and closes > start:
            self.add_error("signup_closes", _("Les inscriptions doivent se clore avant le début."))
        if opens and closes and closes <= opens:
            self.add_error(
                "signup_closes", _("La clôture doit suivre l’ouverture des inscriptions.")
            )
        if cleaned.get("repeat") and not cleaned.get("repeat_until"):
            self.add_error("repeat_until", _("Indiquez jusqu’à quand la rencontre se répète."))
        if (
            cleaned.get("repeat_until")
            and start
            and cleaned["repeat_until"] < timezone.localtime(start).date()
        ):
            self.add_error("repeat_until", _("La fin de la série doit suivre la première date."))
        if not (
            cleaned.get("telecentre")
            or (cleaned.get("other_address") or "").strip()
            or cleaned.get("online")
        ):
            self.add_error(
                "telecentre",
                _("Choisissez un télécentre, indiquez une autre adresse ou cochez « en ligne »."),
            )
        if cleaned.get("online") and not cleaned.get("online_url"):
            self.add_error(
                "online_url", _("Indiquez le lien de connexion envoyé aux personnes inscrites.")
            )
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            busiest = (
                self.instance.slots.filter(cancelled=False)
                .with_counts()
                .order_by("-n_confirmed")
                .first()
            )
            if busiest and capacity < busiest.n_confirmed:
                self.add_error(
                    "capacity",
                    ngettext(
                        "Impossible : %(n)d personne est déjà confirmée (%(date)s). Annulez ou déplacez "
                        "des inscriptions avant de réduire la jauge.",
                        "Impossible : %(n)d personnes sont déjà confirmées (%(date)s). Annulez ou "
                        "déplacez des inscriptions avant de réduire la jauge.",
                        busiest.n_confirmed,
                    )
                    % {
                        "n": busiest.n_confirmed,
                        "date": formats.date(busiest.start),
                    },
                )
        return cleaned


class EventPage(RoutablePageMixin, ImageMixin, BasePage):
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
        _("type"), max_length=20, choices=Category.choices[:4], default=Category.CONFERENCE
    )
    audience = models.CharField(
        _("public visé"), max_length=30, choices=Audience.choices, blank=True
    )
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"))
    repeat = models.CharField(_("répétition"), max_length=10, choices=REPEAT_CHOICES, blank=True)
    repeat_until = models.DateField(_("jusqu’au"), null=True, blank=True)
    telecentre = models.ForeignKey(
        "home.TelecentrePage",
        verbose_name=_("télécentre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    other_address = models.TextField(
        _("autre adresse"), blank=True, help_text=_("Si ce n’est pas dans un télécentre.")
    )
    online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Envoyé seulement aux personnes confirmées, jamais publié."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("description"))
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    signup_opens = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : dès la publication."),
    )
    signup_closes = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True, help_text=_("Vide : jusqu’au début.")
    )
    waitlist_enabled = models.BooleanField(_("liste d’attente"), default=True)
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
        InlinePanel("speakers", label=_("Intervenant"), heading=_("Intervenants")),
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

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    page_description = _(
        "Une conférence, une rencontre, un atelier ou des portes ouvertes, avec ses inscriptions."
    )
    template = "events/event_page.html"

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    # -- dates

    def occurrences(self):
        """``[(key, start, end)]``: one date, or one per occurrence of the series (Paris time)."""
        if not self.start or not self.end:
            return []
        duration = self.end - self.start
        if not self.repeat or not self.repeat_until:
            return [("event", self.start, self.end)]
        from itertools import islice

        from dateutil import rrule

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
        """The specs ``events.services.sync_slots`` turns into Slots (see the module docstring)."""
        specs = {}
        for key, start, end in self.occurrences():
            opens = start - (self.start - self.signup_opens) if self.signup_opens else None
            closes = start - (self.start - self.signup_closes) if self.signup_closes else None
            specs[key] = {
                "title": self.title,
                "description": self.introduction,
                "category": self.event_type,
                "audience": self.audience,
                "start": start,
                "end": end,
                "capacity": self.capacity,
                "waitlist_enabled": self.waitlist_enabled,
                "signup_opens": opens,
                "signup_closes": closes,
                "telecentre": self.telecentre,
                "other_address": self.other_address,
                "online": self.online,
                "online_url": self.online_url,
                "cancelled": self.cancelled,
            }
        return specs

    def dated_slots(self):
        return self.slots.listing().select_related("telecentre__commune").order_by("start", "pk")

    # -- views

    def _context(self, request, form, slots):
        now = timezone.now()
        upcoming = [slot for slot in slots if slot.end >= now]
        shown = upcoming or slots[-1:]
        bookable = [slot for slot in upcoming if slot.signup_state(now) == "open"]
        return {
            "form": form,
            "slots": shown,
            "next_slot": shown[0] if shown else None,
            "bookable": bookable,
            "past_count": len(slots) - len(upcoming),
            "json_ld": self.json_ld(upcoming or shown, request),
            "speakers": self.speakers.all(),
        }

    @path("")
    def event(self, request):
        from .forms import RegistrationForm
        from .signup import Outcome, sign_up

        slots = list(self.dated_slots())
        if request.method == "POST":
            outcome = sign_up(request, slots)
            if outcome.redirect:
                return outcome.redirect
        else:
            form = RegistrationForm(initial=RegistrationForm.initial_for(request.user), slots=slots)
            outcome = Outcome(form, 200)
        context = self._context(request, outcome.form, slots)
        return outcome.finish(self.render(request, context_overrides=context))

    @path("ical/", name="ical")
    def ical(self, request):
        from .ical import calendar_response

        return calendar_response(
            request, list(self.dated_slots()), name=self.title, filename=f"{self.slug}.ics"
        )

    def serve_preview(self, request, mode_name):
        from .forms import RegistrationForm

        form = RegistrationForm(slots=[])
        return self.render(request, context_overrides=self._context(request, form, []))

    # -- structured data

    def json_ld(self, slots, request=None):
        """schema.org ``Event`` (one per shown date), with capacity and seats left."""
        import json

        base = base_url()
        items = []
        for slot in slots[:10]:
            data = {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": self.title,
                "description": self.introduction,
                "url": base + (self.url or ""),
                "startDate": timezone.localtime(slot.start).isoformat(),
                "endDate": timezone.localtime(slot.end).isoformat(),
                "eventStatus": "https://schema.org/EventCancelled"
                if slot.cancelled
                else "https://schema.org/EventScheduled",
                "eventAttendanceMode": {
                    "online": "https://schema.org/OnlineEventAttendanceMode",
                    "offline": "https://schema.org/OfflineEventAttendanceMode",
                    "mixed": "https://schema.org/MixedEventAttendanceMode",
                }[slot.attendance_mode],
                "organizer": {
                    "@type": "Organization",
                    "name": "Réseau CyberCantal Télécentres",
                    "url": base + "/",
                },
                "isAccessibleForFree": True,
            }
            locations = []
            if slot.telecentre_id:
                centre = slot.telecentre
                locations.append(
                    {
                        "@type": "Place",
                        "name": centre.title,
                        "address": {
                            "@type": "PostalAddress",
                            "streetAddress": centre.street_address,
                            "postalCode": centre.commune.postcode,
                            "addressLocality": centre.commune.name,
                            "addressRegion": "Cantal",
                            "addressCountry": "FR",
                        },
                    }
                )
            elif slot.other_address:
                locations.append(
                    {"@type": "Place", "name": slot.place, "address": slot.full_address}
                )
            if slot.online:
                locations.append({"@type": "VirtualLocation", "url": base + (self.url or "")})
            if locations:
                data["location"] = locations[0] if len(locations) == 1 else locations
            if slot.capacity is not None:
                data["maximumAttendeeCapacity"] = slot.capacity
                data["remainingAttendeeCapacity"] = slot.remaining_capacity
            speakers = [
                {"@type": "Person", "name": speaker.name} for speaker in self.speakers.all()
            ]
            if speakers:
                data["performer"] = speakers
            if self.image_id:
                data["image"] = base + self.image.get_rendition("fill-1200x630").url
            items.append(data)
        if not items:
            return ""
        return json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False)


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
