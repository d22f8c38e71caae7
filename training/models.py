"""Training: the calendar page, courses with their dated sessions, learning paths.

Sign-ups go through the one engine of ``events``: every ``TrainingSession`` row of a course is
one ``events.Slot`` of that course page. The course's ``bookable_slots()`` returns one spec per
session, keyed by the session's stable UUID (``TrainingSession.key``), with the anchor
``session-<uuid>`` so a Slot's URL points at its row on the course page; ``events`` syncs the
Slots when the course is published. Capacity, waiting list, cancellation links, reminders, the
emails and the calendar feeds are therefore the engine’s, unchanged.
"""

import datetime
import json
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
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
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from events.models import Audience, Category, Registration, Slot
from events.months import MonthView
from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage, ImageMixin, TelecentrePage
from portal import formats
from portal.base_url import base_url

from .blocks import ProgrammeStreamBlock


class Theme(models.TextChoices):
    DIGITAL_TOOLS = "outils-numeriques", _("Outils numériques")
    FREELANCING = "creation-activite", _("S’installer en indépendant")
    REMOTE_MANAGEMENT = "management-a-distance", _("Manager à distance")
    COMMUNICATION = "communication", _("Communication")
    ACCOUNTING_LAW = "gestion-droit", _("Comptabilité et droit")


class TrainingAudience(models.TextChoices):
    """The audiences of the training calendar: values shared with ``events.Audience``.

    Sharing the values puts sessions in the agenda's per-audience calendar feeds
    (``/agenda/calendrier.ics?public=independants``) without a second vocabulary.
    """

    EVERYONE = Audience.EVERYONE.value, _("Tout public")
    TELEWORKERS = Audience.TELEWORKERS.value, _("Salariés en télétravail")
    JOB_SEEKERS = Audience.FREELANCERS.value, _("Demandeurs d’emploi qui créent leur activité")
    BUSINESSES = Audience.BUSINESSES.value, _("Entreprises et employeurs")


EVERYONE_FILTER = "tout-public"


# ---------------------------------------------------------------------------
# Filters


class TrainingFilterForm(forms.Form):
    """The calendar's filters (GET, no JavaScript needed); every combination narrows the list."""

    public = forms.ChoiceField(label=_("Public"), required=False)
    theme = forms.ChoiceField(
        label=_("Thème"), required=False, choices=[("", _("Tous les thèmes"))] + Theme.choices
    )
    telecentre = forms.ChoiceField(label=_("Lieu"), required=False)
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Sur place ou en ligne")),
            ("onsite", _("Sur place")),
            ("online", _("En ligne")),
        ],
    )
    tarif = forms.ChoiceField(
        label=_("Tarif"),
        required=False,
        choices=[("", _("Gratuit ou payant")), ("gratuit", _("Gratuit")), ("payant", _("Payant"))],
    )

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].choices = (
            [("", _("Tous les publics"))]
            + [(value, label) for value, label in TrainingAudience.choices if value]
            + [(EVERYONE_FILTER, _("Tout public seulement"))]
        )
        self.fields["telecentre"].choices = [("", _("Tous les télécentres"))] + [
            (centre.slug, centre.title) for centre in centres
        ]

    @property
    def data_ok(self):
        return self.is_bound and self.is_valid()

    def course_filter(self):
        """``Q`` on courses for the course-level filters (audience, theme, price)."""
        query = Q()
        if not self.data_ok:
            return query
        data = self.cleaned_data
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

    def apply(self, slots, courses):
        """Narrows a Slot queryset: course-level filters through ``courses``, then place."""
        if not self.data_ok:
            return slots
        data = self.cleaned_data
        if any(data.get(name) for name in ("public", "theme", "tarif")):
            slots = slots.filter(page__in=courses.filter(self.course_filter()).values("pk"))
        if data.get("telecentre"):
            slots = slots.filter(telecentre__slug=data["telecentre"])
        if data.get("mode") == "online":
            slots = slots.filter(online=True)
        elif data.get("mode") == "onsite":
            slots = slots.filter(Q(telecentre__isnull=False) | ~Q(other_address=""))
        return slots

    def is_filtering(self):
        return self.data_ok and any(self.cleaned_data.values())

    def active_count(self):
        """How many filters narrow the list (the folded filters' summary says it)."""
        return sum(1 for value in self.cleaned_data.values() if value) if self.data_ok else 0

    def query_string(self):
        from urllib.parse import urlencode

        if not self.data_ok:
            return ""
        return urlencode({key: value for key, value in self.cleaned_data.items() if value})


def _paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404 from exc


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def attach_courses(slots):
    """Sets ``slot.course`` on each Slot with one query (price, theme, duration for listings)."""
    ids = {slot.page_id for slot in slots}
    courses = TrainingCoursePage.objects.in_bulk(ids) if ids else {}
    for slot in slots:
        slot.course = courses.get(slot.page_id)
    return slots


# ---------------------------------------------------------------------------
# The calendar page


class TrainingCalendarPage(RoutablePageMixin, BasePage):
    """``/formations/``: upcoming sessions as a list and a month calendar, the catalogue, paths."""

    per_page = 20

    subpage_types = ["training.TrainingCoursePage", "training.LearningPathPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    page_description = _(
        "Le calendrier des formations : les sessions à venir, le catalogue et les parcours."
    )
    template = "training/training_calendar_page.html"

    class Meta:
        verbose_name = _("calendrier des formations")

    def courses(self):
        return TrainingCoursePage.objects.child_of(self).live().public()

    def slots(self):
        return Slot.objects.filter(page__in=self.courses().values("pk")).listing()

    def centres(self):
        return (
            TelecentrePage.objects.live()
            .public()
            .order_by("title")
            .only("pk", "title", "slug", "url_path")
        )

    def paths(self):
        return LearningPathPage.objects.child_of(self).live().public().order_by("path")

    def calendar_feed(self):
        """The training sessions' calendar feed: an .ics path and a ``webcal:`` URL."""
        from django.urls import reverse

        from portal.base_url import webcal

        path = reverse("events:calendar") + "?type=training"
        return {"feed_url": path, "feed_webcal": webcal(path)}

    def filter_form(self, request):
        return TrainingFilterForm(request.GET or None, centres=self.centres())

    def catalogue(self, form):
        """Courses matching the course-level filters, each with its next session's start."""
        next_start = (
            Slot.objects.filter(page=OuterRef("pk"), end__gte=timezone.now(), cancelled=False)
            .order_by("start")
            .values("start")[:1]
        )
        return (
            self.courses()
            .filter(form.course_filter())
            .annotate(next_start=Subquery(next_start))
            .order_by("theme", "title")
        )

    @path("")
    def index(self, request):
        form = self.filter_form(request)
        upcoming = self.slots().upcoming()
        slots = form.apply(upcoming, self.courses())
        page_obj = _paginate(request, slots, self.per_page)
        attach_courses(page_obj.object_list)
        next_slots = []
        if not page_obj.object_list:
            next_slots = attach_courses(list(upcoming.filter(cancelled=False)[:3]))
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "slots_page": page_obj,
                "next_slots": next_slots,
                "catalogue": self.catalogue(form),
                "paths": self.paths(),
                "view": "list",
                "pagination_query": form.query_string(),
                "filter_query": form.query_string(),
                "today": timezone.localdate(),
                **self.calendar_feed(),
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
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        view = MonthView(year, month)
        form = self.filter_form(request)
        slots = form.apply(self.slots().filter(view.overlaps()), self.courses())
        view.place(attach_courses(list(slots.order_by("start", "pk"))))
        next_slot = None
        if not view.slots:
            after = _local_midnight(view.following)
            next_slot = (
                form.apply(self.slots().filter(start__gte=after, cancelled=False), self.courses())
                .order_by("start", "pk")
                .first()
            )
        return self.render(
            request,
            template="training/training_month.html",
            context_overrides={
                "filter_form": form,
                "calendar": view,
                "month": view.first,
                "month_slots": view.slots,
                "next_slot": next_slot,
                "next_slot_day": timezone.localtime(next_slot.start).date() if next_slot else None,
                "previous_month": view.previous,
                "next_month": view.following,
                "today": view.today,
                **self.calendar_feed(),
                "view": "month",
                "filter_query": form.query_string(),
            },
        )


# ---------------------------------------------------------------------------
# Courses and their sessions


class TrainingCoursePage(RoutablePageMixin, ImageMixin, BasePage):
    """A course: what it teaches, for whom, its price, and its dated sessions to sign up for."""

    theme = models.CharField(_("thème"), max_length=30, choices=Theme.choices)
    audience = models.CharField(
        _("public visé"), max_length=30, choices=TrainingAudience.choices, blank=True
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
        specs = {}
        for session in self.sessions.all():
            if not session.start or not session.end:
                continue
            specs[str(session.key)] = {
                "anchor": session.anchor,
                "title": self.title,
                "description": self.introduction,
                "category": Category.TRAINING,
                "audience": self.audience,
                "start": session.start,
                "end": session.end,
                "capacity": session.capacity,
                "waitlist_enabled": session.waitlist_enabled,
                "signup_opens": session.signup_opens,
                "signup_closes": session.signup_closes,
                "telecentre": session.telecentre,
                "other_address": "",
                "online": session.online,
                "online_url": session.online_url,
                "cancelled": session.cancelled,
            }
        return specs

    def dated_slots(self):
        return self.slots.listing().select_related("telecentre__commune").order_by("start", "pk")

    def slot_for(self, session):
        return Slot.objects.for_owner(self, str(session.key))

    # -- views

    def _context(self, request, form, slots):
        now = timezone.now()
        upcoming = [slot for slot in slots if slot.end >= now]
        bookable = [slot for slot in upcoming if slot.signup_state(now) == "open"]
        return {
            "form": form,
            "slots": upcoming,
            "next_slot": next((slot for slot in upcoming if not slot.cancelled), None),
            "bookable": bookable,
            "past_count": len(slots) - len(upcoming),
            "json_ld": self.json_ld(upcoming, request),
            "paths": LearningPathPage.objects.live()
            .public()
            .filter(steps__course=self)
            .distinct()
            .only("pk", "title", "url_path"),
        }

    @path("")
    def course(self, request):
        from events.forms import RegistrationForm
        from events.signup import Outcome, sign_up

        slots = list(self.dated_slots())
        if request.method == "POST":
            outcome = sign_up(request, slots)
            if outcome.redirect:
                return outcome.redirect
        else:
            initial = RegistrationForm.initial_for(request.user)
            chosen = request.GET.get("session", "")
            for slot in slots:
                if slot.key == chosen and slot.signup_state() == "open":
                    initial["slot"] = str(slot.pk)
            outcome = Outcome(RegistrationForm(initial=initial, slots=slots), 200)
        context = self._context(request, outcome.form, slots)
        return outcome.finish(self.render(request, context_overrides=context))

    @path("ical/", name="ical")
    def ical(self, request):
        from events.ical import calendar_response

        return calendar_response(
            request, list(self.dated_slots()), name=self.title, filename=f"{self.slug}.ics"
        )

    @path("attestation/<int:registration_id>/", name="certificate")
    def certificate_view(self, request, registration_id):
        from django.contrib.auth.views import redirect_to_login

        from .attendance import can_open_certificate

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

    def serve_preview(self, request, mode_name):
        from events.forms import RegistrationForm

        return self.render(
            request, context_overrides=self._context(request, RegistrationForm(slots=[]), [])
        )

    # -- structured data

    def json_ld(self, slots, request=None):
        """schema.org ``Course`` with one ``CourseInstance`` per upcoming session."""
        base = base_url()
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": self.title,
            "description": self.introduction,
            "url": base + (self.url or ""),
            "provider": {"@type": "Organization", "name": "Réseau CyberCantal Télécentres"},
            "timeRequired": f"PT{int(self.duration_hours or 0)}H",
            "isAccessibleForFree": self.is_free,
            "offers": {
                "@type": "Offer",
                "price": str(self.price or 0),
                "priceCurrency": "EUR",
                "category": "Free" if self.is_free else "Paid",
            },
        }
        instances = []
        for slot in slots[:10]:
            if slot.cancelled:
                continue
            instance = {
                "@type": "CourseInstance",
                "startDate": timezone.localtime(slot.start).isoformat(),
                "endDate": timezone.localtime(slot.end).isoformat(),
                "courseMode": "online" if slot.attendance_mode == "online" else "onsite",
                "instructor": {"@type": "Person", "name": self.trainer_name},
            }
            if slot.telecentre_id:
                instance["location"] = {
                    "@type": "Place",
                    "name": slot.telecentre.title,
                    "address": slot.full_address,
                }
            if slot.capacity is not None:
                instance["maximumAttendeeCapacity"] = slot.capacity
                instance["remainingAttendeeCapacity"] = slot.remaining_capacity
            instances.append(instance)
        if instances:
            data["hasCourseInstance"] = instances
        return json.dumps(data, ensure_ascii=False)


class TrainingSession(Orderable):
    """One dated session of a course: its place, seats and sign-up window (one ``Slot``)."""

    page = ParentalKey(TrainingCoursePage, on_delete=models.CASCADE, related_name="sessions")
    key = models.UUIDField(_("identifiant"), default=uuid.uuid4, editable=False)
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"))
    telecentre = models.ForeignKey(
        "home.TelecentrePage",
        verbose_name=_("télécentre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Envoyé seulement aux personnes confirmées, jamais publié."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    waitlist_enabled = models.BooleanField(_("liste d’attente"), default=True)
    signup_opens = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : dès la publication."),
    )
    signup_closes = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True, help_text=_("Vide : jusqu’au début.")
    )
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

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fin doit suivre le début.")
        if self.start and self.signup_closes and self.signup_closes > self.start:
            errors["signup_closes"] = _("Les inscriptions doivent se clore avant le début.")
        elif self.signup_opens and self.signup_closes and self.signup_closes <= self.signup_opens:
            errors["signup_closes"] = _("La clôture doit suivre l’ouverture des inscriptions.")
        if not self.telecentre_id and not self.online:
            errors["telecentre"] = _("Choisissez un télécentre ou cochez « en ligne ».")
        if self.online and not self.online_url:
            errors["online_url"] = _(
                "Indiquez le lien de connexion envoyé aux personnes inscrites."
            )
        if self.capacity is not None and self.page_id:
            slot = (
                Slot.objects.filter(page_id=self.page_id, key=str(self.key)).with_counts().first()
            )
            if slot and self.capacity < slot.n_confirmed:
                errors["capacity"] = ngettext(
                    "Impossible : %(n)d personne est déjà confirmée. Annulez ou déplacez des "
                    "inscriptions avant de réduire la jauge.",
                    "Impossible : %(n)d personnes sont déjà confirmées. Annulez ou déplacez des "
                    "inscriptions avant de réduire la jauge.",
                    slot.n_confirmed,
                ) % {"n": slot.n_confirmed}
        if errors:
            raise ValidationError(errors)


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
        from .attendance import course_progress

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
