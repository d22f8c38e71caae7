"""Sign-ups (``Registration``) and the emails recorded about them (``RegistrationEmail``).

``events.services`` is the only code that writes ``Registration.status``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal.accounts import person_emails

from .slots import CANCELLED, CONFIRMED, WAITLISTED, Slot


class RegistrationQuerySet(models.QuerySet):
    def of_person(self, user):
        """The sign-ups that are ``user``'s: made while signed in, or with one of their
        addresses (``portal.accounts.person_emails``). The one rule « Mes inscriptions », the
        certificates, the sign-up form's "you are signed up" and the data export follow."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(user=user) | Q(email__in=person_emails(user)))

    def active(self):
        return self.filter(status__in=(CONFIRMED, WAITLISTED))

    def is_own_address(self, user, email):
        """Whether ``email`` is one of the signed-in ``user``'s addresses (the same rule)."""
        return bool(user and user.is_authenticated and email.lower() in person_emails(user))


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    CONFIRMED = CONFIRMED
    WAITLISTED = WAITLISTED
    CANCELLED = CANCELLED
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

    objects = RegistrationQuerySet.as_manager()

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
    """An email about a sign-up, recorded in the decision's transaction.

    The ``email`` job of ``run_scheduled`` renders it (never under a Slot's lock, nor in the
    request), then it joins the site's mail queue (``portal.mail``) and this row is deleted,
    in one transaction (``events.outbox``).
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
