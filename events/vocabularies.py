"""The words the engine's dates are sorted by, defined once with their labels.

``Category`` is what a Slot is (the agenda's types, and training); ``Audience`` whom it is for.
Events and training use the same values, so the agenda's per-audience calendar feeds
(``/agenda/calendrier.ics?public=independants``) list training sessions too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CONFERENCE = "conference", _("Conférence")
    MEETUP = "meetup", _("Rencontre")
    WORKSHOP = "workshop", _("Atelier")
    OPEN_DAY = "open_day", _("Portes ouvertes")
    TRAINING = "training", _("Formation")

    @classmethod
    def event_choices(cls):
        """The types an event page can have: every category but training (its own app)."""
        return [(member.value, member.label) for member in cls if member is not cls.TRAINING]


class Audience(models.TextChoices):
    EVERYONE = "", _("Tout public")
    TELEWORKERS = "teletravailleurs", _("Salariés en télétravail")
    FREELANCERS = "independants", _("Indépendants et créateurs")
    BUSINESSES = "entreprises", _("Entreprises et recruteurs")
    NEWCOMERS = "nouveaux-arrivants", _("Nouveaux arrivants")

    @classmethod
    def training_choices(cls):
        """The audiences a course can have (newcomers have no course of their own)."""
        return [(member.value, member.label) for member in cls if member is not cls.NEWCOMERS]
