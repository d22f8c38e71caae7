"""Training's own vocabulary (its audiences are the engine's: ``events.vocabularies``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    DIGITAL_TOOLS = "outils-numeriques", _("Outils numériques")
    FREELANCING = "creation-activite", _("S’installer en indépendant")
    REMOTE_MANAGEMENT = "management-a-distance", _("Manager à distance")
    COMMUNICATION = "communication", _("Communication")
    ACCOUNTING_LAW = "gestion-droit", _("Comptabilité et droit")
