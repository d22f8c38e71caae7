"""``Slot``: one bookable date, the scarce row every sign-up locks.

A Slot belongs to a **page** (``Slot.page``, any Wagtail page) and is named inside that page by
a **key** (``Slot.key``, unique per page). The page describes its bookable dates by
implementing ``bookable_slots()``, returning ``{key: {field: value}}`` (the fields of a Slot);
on every publish (``page_published``, see ``events.signals``) ``events.sync.sync_slots``
creates, updates (bumping the iCalendar ``SEQUENCE`` when the date or place changes), cancels
or deletes the page's Slots. Title, category, description and URL are copied from the page,
so listings and calendar feeds never need the owning model.

* ``EventPage`` returns one spec (key ``"event"``) or one per occurrence of a series (key: the
  local date, ``"2026-03-03"``).
* ``TrainingCoursePage`` returns one spec per ``TrainingSession`` row, keyed by the session's
  UUID, with ``anchor`` so the Slot's URL points at the session on the page.

A key that disappears from the specs cancels its Slot when people are signed up (they are
emailed) and deletes it otherwise. Slots of unpublished pages, and of pages in a section with
a view restriction, are hidden everywhere public (``Slot.objects.public()``).
"""

import uuid

from django.db import models
from django.db.models import Count, Q
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import formats
from portal.choices import ChoiceLabelsMixin

from ..vocabularies import Audience, Category

# A sign-up's statuses (``Registration.CONFIRMED``...): defined here, where counts need them.
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
CANCELLED = "cancelled"


def unrestricted(path="path"):
    """``Q``: the page at ``path`` (a lookup to a page's ``path``) has no view restriction on
    itself or an ancestor (``PageQuerySet.public()``): from the site's restricted sections,
    read once per version of the page tree (``portal.pages``), no subquery; an empty ``Q``
    when no section is restricted."""
    from portal.pages import restricted_sections

    private = Q()
    for section_path, _depth in restricted_sections():
        private |= Q(**{f"{path}__startswith": section_path})
    return ~private if private else Q()


class _SlotIterable(ModelIterable):
    """Slots whose pages (``select_related("page")``) share one read of Wagtail's site root
    paths: ``slot.url`` asks ``page.url``, which reads them from the cache (Redis, or the
    database) once per page when no request is at hand; here once per listing."""

    def __iter__(self):
        from wagtail.models import Site

        root_paths = None
        for slot in super().__iter__():
            page = slot._state.fields_cache.get("page")
            if page is not None:
                if root_paths is None:
                    root_paths = Site.get_site_root_paths()
                page._wagtail_cached_site_root_paths = root_paths
            yield slot


class SlotQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._iterable_class = _SlotIterable

    def public(self):
        """Slots whose page is live and public by Wagtail's rules: neither the page nor any
        of its ancestors has a view restriction (``PageQuerySet.public()``, in the same query)."""
        return self.filter(unrestricted("page__path"), page__live=True)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_counts(self):
        """Adds ``n_confirmed``, ``n_waitlisted`` and ``n_checked_in`` in the same query."""
        return self.annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            n_waitlisted=Count("registrations", filter=Q(registrations__status=WAITLISTED)),
            n_checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status=CONFIRMED,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
        )

    def choices(self):
        """What a posted sign-up form checks its chosen date against: ids and times only."""
        return self.only("pk", "page", "start", "end").order_by("start", "pk")

    def listing(self):
        return self.select_related("page", "telecentre", "telecentre__commune").with_counts()


class Slot(ChoiceLabelsMixin, models.Model):
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
        return self._count("confirmed", CONFIRMED)

    @property
    def waitlisted_count(self):
        return self._count("waitlisted", WAITLISTED)

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
