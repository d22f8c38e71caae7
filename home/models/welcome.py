"""The welcome desk's questions and the staff's answers (the desk itself: ``home.welcome``)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .communes import Commune


class WelcomeQuestionQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Threads whose last message is older than the retention period."""
        days = settings.WELCOME_QUESTION_RETENTION_DAYS
        return self.filter(
            last_activity_at__lt=(now or timezone.now()) - datetime.timedelta(days=days)
        )

    def of_addresses(self, addresses):
        query = models.Q(pk__in=[])
        for address in addresses:
            query |= models.Q(email__iexact=address)
        return self.filter(query)


class WelcomeQuestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("à traiter")
        ANSWERED = "answered", _("répondu")

    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("courriel"))
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune envisagée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.TextField(_("question"))
    consent = models.BooleanField(_("consentement"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.NEW)
    sender_ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    last_activity_at = models.DateTimeField(
        _("dernier message"), default=timezone.now, db_index=True
    )

    objects = WelcomeQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question d’un nouvel arrivant")
        verbose_name_plural = _("questions des nouveaux arrivants")

    def __str__(self):
        return f"{self.name} — {timezone.localtime(self.created_at):%d/%m/%Y}"

    @property
    def subject(self):
        where = f" ({self.commune.name})" if self.commune_id else ""
        return _("Question d’un futur habitant%(where)s : %(name)s") % {
            "where": where,
            "name": self.name,
        }


class WelcomeReply(models.Model):
    question = models.ForeignKey(WelcomeQuestion, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("réponse"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("réponse de l’accueil")
        verbose_name_plural = _("réponses de l’accueil")
