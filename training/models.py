"""Training: the calendar page, courses with their dated sessions, learning paths.

Sign-ups go through the one engine of ``events``: every ``TrainingSession`` row of a course is
one ``events.Slot`` of that course page. The course's ``bookable_slots()`` returns one spec per
session, keyed by the session's stable UUID (``TrainingSession.key``), with the anchor
``session-<uuid>`` so a Slot's URL points at its row on the course page; ``events`` syncs the
Slots when the course is published. Capacity, waiting list, cancellation links, reminders, the
emails and the calendar feeds are therefore the engine’s, unchanged.

The page side is the engine's adapter too: a session is a ``BookableDates`` row (its fields
and rules), the course a ``SignupPageMixin`` page (sign-up form, ``ical/``, preview) and the
calendar a ``DatedListingMixin`` page (filters, month view); what is left here is training's
own: themes, price, duration, trainer, certificates and learning paths.
"""

import functools
import uuid
from decimal import Decimal

from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from events.models import (
    Audience,
    BookableDates,
    Category,
    DatedListingMixin,
    Registration,
    SignupPageMixin,
    Slot,
)
from events.models.slots import unrestricted
from events.months import local_midnight
from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage, ImageMixin
from portal import formats
from portal.listing_cache import lazy
from portal.pagination import paginate

from .attendance import can_open_certificate, course_progress
from .blocks import ProgrammeStreamBlock
from .filters import TrainingFilter
from .vocabularies import Theme


def attach_courses(slots):
    """Sets ``slot.course`` on each Slot with one query (price, theme, duration for listings)."""
    ids = {slot.page_id for slot in slots}
    courses = TrainingCoursePage.objects.defer_streamfields().in_bulk(ids) if ids else {}
    for slot in slots:
        slot.course = courses.get(slot.page_id)
    return slots


# ---------------------------------------------------------------------------
# The calendar page


class TrainingCalendarPage(DatedListingMixin, BasePage):
    """``/formations/``: upcoming sessions as a list and a month calendar, the catalogue, paths."""

    per_page = 20

    subpage_types = ["training.TrainingCoursePage", "training.LearningPathPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    page_description = _(
        "Le calendrier des formations : les sessions à venir, le catalogue et les parcours."
    )
    template = "training/training_calendar_page.html"
    month_template = "training/training_month.html"
    filterset_class = TrainingFilter

    class Meta:
        verbose_name = _("calendrier des formations")

    def courses(self):
        """The calendar's live public courses (a queryset built once per page read)."""
        if getattr(self, "_courses", None) is None:
            self._courses = TrainingCoursePage.objects.child_of(self).live().public()
        return self._courses

    def slots(self):
        return Slot.objects.filter(page__in=self.courses().values("pk")).listing()

    def paths(self):
        return LearningPathPage.objects.child_of(self).live().public().order_by("path")

    def calendar_feed(self):
        """The training sessions' calendar feed: an .ics path and a ``webcal:`` URL."""
        from django.urls import reverse

        from portal.base_url import webcal

        path = reverse("events:calendar") + "?type=training"
        return {"feed_url": path, "feed_webcal": webcal(path)}

    def filterset(self, request):
        return TrainingFilter(
            request.GET,
            queryset=self.slots(),
            centres=self.filter_centres(request),
            courses=self.courses(),
        )

    def catalogue(self, filters):
        """Courses matching the course-level filters, each with its next session's start."""
        next_start = (
            Slot.objects.filter(page=OuterRef("pk"), end__gte=timezone.now(), cancelled=False)
            .order_by("start")
            .values("start")[:1]
        )
        return (
            self.courses()
            .filter(filters.course_filter())
            .annotate(next_start=Subquery(next_start))
            .order_by("theme", "title")
        )

    @path("")
    def index(self, request):
        filters = self.filterset(request)

        @functools.cache
        def sessions():  # read by the template, inside its stored listing (portal.listing_cache)
            upcoming = self.slots().upcoming()
            page_obj = paginate(request, filters.apply(upcoming), self.per_page)
            attach_courses(page_obj.object_list)
            next_slots = []
            if not page_obj.object_list:
                next_slots = attach_courses(list(upcoming.filter(cancelled=False)[:3]))
            return page_obj, next_slots

        return self.render(
            request,
            context_overrides={
                "filter_form": filters,
                "slots_page": lazy(request, lambda: sessions()[0]),
                "next_slots": lazy(request, lambda: sessions()[1]),
                # Built when their stored listing is rendered again, not before.
                "catalogue": lazy(request, lambda: self.catalogue(filters)),
                "paths": lazy(request, self.paths),
                "view": "list",
                "pagination_query": filters.query_string(),
                "filter_query": filters.query_string(),
                "today": timezone.localdate(),
                **self.calendar_feed(),
            },
        )

    def month_context(self, request, view, filters):
        slots = filters.apply(self.slots().filter(view.overlaps()))
        view.place(attach_courses(list(slots.order_by("start", "pk"))))
        next_slot = None
        if not view.slots:
            after = local_midnight(view.following)
            next_slot = (
                filters.apply(self.slots().filter(start__gte=after, cancelled=False))
                .order_by("start", "pk")
                .first()
            )
        return {
            "month_slots": view.slots,
            "next_slot": next_slot,
            "next_slot_day": timezone.localtime(next_slot.start).date() if next_slot else None,
            **self.calendar_feed(),
        }


# ---------------------------------------------------------------------------
# Courses and their sessions


class TrainingCoursePage(SignupPageMixin, ImageMixin, BasePage):
    """A course: what it teaches, for whom, its price, and its dated sessions to sign up for."""

    theme = models.CharField(_("thème"), max_length=30, choices=Theme.choices)
    audience = models.CharField(
        _("public visé"), max_length=30, choices=Audience.training_choices(), blank=True
    )
    objectives = RichTextField(
        _("objectifs"),
        features=["bold", "italic", "ul", "ol", "link"],
        help_text=_("Ce que les stagiaires sauront faire à la fin."),
    )
    prerequisites = models.TextField(
        _("prérequis"), blank=True, help_text=_("Vide : aucun prérequis.")
    )
    programme = StreamField(ProgrammeStreamBlock(), blank=True, verbose_name=_("programme"))
    duration_hours = models.DecimalField(_("durée (heures)"), max_digits=5, decimal_places=1)
    price = models.DecimalField(
        _("prix (€ TTC)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Vide ou 0 : gratuit."),
    )
    funding_notes = RichTextField(
        _("financement"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Qui peut prendre en charge : CPF, France Travail, OPCO, Région…"),
    )
    trainer_name = models.CharField(_("formateur ou formatrice"), max_length=150)
    trainer_bio = models.TextField(_("présentation du formateur"), blank=True)
    certificate = models.BooleanField(
        _("attestation de formation"),
        default=False,
        help_text=_("Les personnes présentes peuvent télécharger une attestation."),
    )
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("theme"), FieldPanel("audience")]),
        FieldPanel("image"),
        FieldPanel("objectives"),
        FieldPanel("prerequisites"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("price")]),
                FieldPanel("funding_notes"),
                FieldPanel("certificate"),
            ],
            heading=_("Durée, prix, financement"),
        ),
        MultiFieldPanel(
            [FieldPanel("trainer_name"), FieldPanel("trainer_bio")],
            heading=_("Formation animée par"),
        ),
        FieldPanel("accessibility_notes"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Chaque session est publiée avec la page. Les inscrits et la présence se "
                        "gèrent dans le menu « Inscriptions »."
                    )
                ),
                InlinePanel("sessions", label=_("Session"), heading=_("Sessions")),
            ],
            heading=_("Sessions"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("objectives"),
        index.SearchField("programme"),
        index.SearchField("trainer_name"),
        index.AutocompleteField("title"),
        index.FilterField("theme"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["training.TrainingCalendarPage"]
    subpage_types = []
    page_description = _(
        "Une formation : objectifs, public, programme, prix, et ses sessions avec inscriptions."
    )
    template = "training/training_course_page.html"

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    @property
    def is_free(self):
        return not self.price

    def price_label(self):
        if self.is_free:
            return _("Gratuit")
        price = (
            self.price.quantize(Decimal("1"))
            if self.price == self.price.to_integral()
            else self.price
        )
        return _("%(price)s € TTC") % {"price": str(price).replace(".", ",")}

    def duration_label(self):
        hours = self.duration_hours
        if hours is None:
            return ""
        shown = hours.quantize(Decimal("1")) if hours == hours.to_integral() else hours
        return ngettext("%(hours)s heure", "%(hours)s heures", int(hours) or 1) % {
            "hours": str(shown).replace(".", ",")
        }

    # -- the engine's view of the sessions

    def bookable_slots(self):
        """One Slot spec per session (see the module docstring and ``events.models``)."""
        return {
            str(session.key): session.slot_spec(
                anchor=session.anchor,
                title=self.title,
                description=self.introduction,
                category=Category.TRAINING,
                audience=self.audience,
            )
            for session in self.sessions.all()
            if session.start and session.end
        }

    # -- the sign-up page

    def signup_page_context(self, request):
        paths = LearningPathPage.objects.live().filter(unrestricted(), steps__course=self)
        return {"paths": paths.distinct().only("pk", "title", "url_path")}

    @path("attestation/<int:registration_id>/", name="certificate")
    def certificate_view(self, request, registration_id):
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = (
            Registration.objects.select_related("slot", "slot__telecentre__commune")
            .filter(
                pk=registration_id,
                slot__page=self,
                status=Registration.CONFIRMED,
                checked_in_at__isnull=False,
            )
            .first()
        )
        if (
            not self.certificate
            or registration is None
            or registration.anonymised_at
            or not can_open_certificate(request.user, registration)
        ):
            raise Http404(_("Aucune attestation à cette adresse."))
        response = self.render(
            request,
            template="training/certificate.html",
            context_overrides={"registration": registration, "slot": registration.slot},
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


class TrainingSession(BookableDates, Orderable):
    """One dated session of a course: its place, seats and sign-up window (one ``Slot``)."""

    page = ParentalKey(TrainingCoursePage, on_delete=models.CASCADE, related_name="sessions")
    key = models.UUIDField(_("identifiant"), default=uuid.uuid4, editable=False)
    cancelled = models.BooleanField(
        _("session annulée"),
        default=False,
        help_text=_("Les personnes inscrites sont prévenues par courriel."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("telecentre"), FieldPanel("online"), FieldPanel("online_url")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist_enabled")]),
        FieldRowPanel([FieldPanel("signup_opens"), FieldPanel("signup_closes")]),
        FieldPanel("cancelled"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        when = formats.stamp(self.start) if self.start else "?"
        return f"{when} — {self.telecentre or _('en ligne')}"

    @property
    def anchor(self):
        return f"session-{self.key}"

    def booked_slots(self):
        if not self.page_id:
            return Slot.objects.none()
        return Slot.objects.filter(page_id=self.page_id, key=str(self.key))


# ---------------------------------------------------------------------------
# Learning paths


class LearningPathPage(BasePage):
    """An ordered path of courses, each step with its next session."""

    body = RichTextField(_("présentation"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        InlinePanel("steps", label=_("Étape"), heading=_("Étapes du parcours"), min_num=1),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["training.TrainingCalendarPage"]
    subpage_types = []
    page_description = _("Un parcours : plusieurs formations à suivre dans l’ordre.")
    template = "training/learning_path_page.html"

    class Meta:
        verbose_name = _("parcours de formation")
        verbose_name_plural = _("parcours de formation")

    def step_list(self, user=None):
        """The steps with ``course``, ``next_slot`` and, for a signed-in person, ``attended``."""
        steps = list(self.steps.select_related("course").order_by("sort_order", "pk"))
        courses = [step.course for step in steps if step.course.live]
        ids = [course.pk for course in courses]
        next_slots = {}
        upcoming = Slot.objects.public().upcoming().filter(page__in=ids, cancelled=False)
        for slot in upcoming.select_related("page", "telecentre").with_counts():
            next_slots.setdefault(slot.page_id, slot)
        progress = course_progress(user, ids) if user and user.is_authenticated else {}
        result = []
        for number, step in enumerate((s for s in steps if s.course.live), start=1):
            step.number = number
            step.next_slot = next_slots.get(step.course_id)
            step.progress = progress.get(step.course_id, "")
            result.append(step)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        steps = self.step_list(request.user)
        context["steps"] = steps
        context["total_hours"] = sum((step.course.duration_hours or 0) for step in steps)
        context["attended_count"] = sum(1 for step in steps if step.progress == "attended")
        return context


class LearningPathStep(Orderable):
    page = ParentalKey(LearningPathPage, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(
        TrainingCoursePage,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="path_steps",
    )
    note = models.CharField(
        _("pourquoi cette étape"),
        max_length=255,
        blank=True,
        help_text=_("Une phrase : ce que cette étape apporte dans le parcours."),
    )

    panels = [PageChooserPanel("course", "training.TrainingCoursePage"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")

    def __str__(self):
        return str(self.course)
