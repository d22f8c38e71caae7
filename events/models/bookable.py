"""The page side of the sign-up engine: what any page that owns Slots shares.

* ``BookableDates``: the fields of one bookable date as an editor fills them in (an event
  page, a training session), with the one ``clean()`` of their rules and messages.
* ``SignupPageMixin``: the page's public side: the sign-up form (POST handled by
  ``events.signup``), the ``ical/`` route, the preview and the sign-up section's context.

A page using the mixin implements ``bookable_slots()`` (see ``events.models.slots``) and may
add to the context with ``signup_page_context()``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from portal import formats


class BookableDates(models.Model):
    """One bookable date's fields and their validation (``Slot`` copies them on publish)."""

    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"))
    telecentre = models.ForeignKey(
        "home.TelecentrePage",
        verbose_name=_("télécentre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_dates",
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
        _("annulé"),
        default=False,
        help_text=_("Les personnes inscrites sont prévenues par courriel."),
    )

    class Meta:
        abstract = True

    def booked_slots(self):
        """The Slots of this date already in the engine (a queryset, empty for a new date),
        for the capacity rule."""
        raise NotImplementedError

    def has_place(self):
        return bool(
            self.telecentre_id or (getattr(self, "other_address", "") or "").strip() or self.online
        )

    def bookable_errors(self):
        """``{field: message}``: the rules of a bookable date, one message each."""
        errors = {}
        start, end = self.start, self.end
        opens, closes = self.signup_opens, self.signup_closes
        if start and end and end <= start:
            errors["end"] = _("La fin doit suivre le début.")
        if start and closes and closes > start:
            errors["signup_closes"] = _("Les inscriptions doivent se clore avant le début.")
        elif opens and closes and closes <= opens:
            errors["signup_closes"] = _("La clôture doit suivre l’ouverture des inscriptions.")
        if not self.has_place():
            errors["telecentre"] = (
                _("Choisissez un télécentre, indiquez une autre adresse ou cochez « en ligne ».")
                if hasattr(self, "other_address")
                else _("Choisissez un télécentre ou cochez « en ligne ».")
            )
        if self.online and not self.online_url:
            errors["online_url"] = _(
                "Indiquez le lien de connexion envoyé aux personnes inscrites."
            )
        if self.capacity is not None:
            busiest = (
                self.booked_slots()
                .filter(cancelled=False)
                .with_counts()
                .order_by("-n_confirmed")
                .first()
            )
            if busiest and self.capacity < busiest.n_confirmed:
                errors["capacity"] = ngettext(
                    "Impossible : %(n)d personne est déjà confirmée (%(date)s). Annulez ou "
                    "déplacez des inscriptions avant de réduire la jauge.",
                    "Impossible : %(n)d personnes sont déjà confirmées (%(date)s). Annulez ou "
                    "déplacez des inscriptions avant de réduire la jauge.",
                    busiest.n_confirmed,
                ) % {"n": busiest.n_confirmed, "date": formats.date(busiest.start)}
        return errors

    def clean(self):
        super().clean()
        errors = self.bookable_errors()
        if errors:
            raise ValidationError(errors)

    def slot_spec(self, **fields):
        """The Slot fields this date gives (``bookable_slots()``), with ``fields`` on top."""
        return {
            "start": self.start,
            "end": self.end,
            "capacity": self.capacity,
            "waitlist_enabled": self.waitlist_enabled,
            "signup_opens": self.signup_opens,
            "signup_closes": self.signup_closes,
            "telecentre": self.telecentre,
            "other_address": getattr(self, "other_address", ""),
            "online": self.online,
            "online_url": self.online_url,
            "cancelled": self.cancelled,
            **fields,
        }


class SignupPageMixin(RoutablePageMixin):
    """The public page of dates to sign up for: form, calendar file, preview, context.

    The sign-up POST decides and redirects (303) without rendering anything (see
    ``events.signup``); the page it leads to is an ordinary GET.
    """

    def dated_slots(self):
        """The page's Slots with their counts, centre and town: one query."""
        return self.slots.listing().order_by("start", "pk")

    def shown_slots(self, upcoming, slots):
        """The dates the page lists (upcoming ones; a page may show its last past one)."""
        return upcoming

    def next_slot(self, shown):
        return next((slot for slot in shown if not slot.cancelled), None)

    def signup_page_context(self, request):
        """What the page adds to the sign-up context (speakers, learning paths...)."""
        return {}

    def signup_context(self, request, form, slots):
        now = timezone.now()
        upcoming = [slot for slot in slots if slot.end >= now]
        shown = self.shown_slots(upcoming, slots)
        return {
            "form": form,
            "slots": shown,
            "next_slot": self.next_slot(shown),
            "bookable": [slot for slot in upcoming if slot.signup_state(now) == "open"],
            "past_count": len(slots) - len(upcoming),
            "ld_slots": shown,
            **self.signup_page_context(request),
        }

    @path("")
    def signup_page(self, request):
        from ..signup import sign_up, signup_form

        if request.method == "POST":
            # The chosen date is read again, with its counts, under its lock.
            return sign_up(request, self, list(self.slots.choices()))
        slots = list(self.dated_slots())
        form, status, retry_after = signup_form(request, self, slots)
        response = self.render(request, context_overrides=self.signup_context(request, form, slots))
        if status:  # this visitor's own values and errors: never for anyone else
            response.status_code = status
            response["Cache-Control"] = "private, no-store"
            if retry_after:
                response["Retry-After"] = str(retry_after)
        return response

    @path("ical/", name="ical")
    def ical(self, request):
        from ..ical import calendar_response

        return calendar_response(
            request, list(self.dated_slots()), name=self.title, filename=f"{self.slug}.ics"
        )

    def serve_preview(self, request, mode_name):
        from ..forms import RegistrationForm

        context = self.signup_context(request, RegistrationForm(slots=[]), [])
        return self.render(request, context_overrides=context)
