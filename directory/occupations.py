"""Trades (métiers) as people type them, and the skills each one means.

A business types "graphiste" or "comptable"; profiles list skills (Graphisme,
Comptabilité). An ``Occupation`` names a trade in its masculine and feminine forms,
with its common abbreviations, and points to its skills: the search gives each profile
the words of the trades of its skills, so a trade in the query finds them (on every
backend, ranked as a skill). Moderators edit them in the admin beside the skills; the
starting set (``occupations_data``) is loaded by ``demo.load_occupations``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Occupation(models.Model):
    name = models.CharField(_("métier (au masculin)"), max_length=100, unique=True)
    feminine = models.CharField(
        _("au féminin"),
        max_length=100,
        blank=True,
        help_text=_("Laisser vide si le mot ne change pas (« graphiste »)."),
    )
    abbreviations = models.CharField(
        _("autres noms et abréviations"),
        max_length=255,
        blank=True,
        help_text=_("Séparés par des virgules, par exemple « dev, développeur informatique »."),
    )
    skills = models.ManyToManyField(
        "directory.Skill",
        verbose_name=_("compétences"),
        related_name="occupations",
        limit_choices_to={"proposed_by__isnull": True},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("métier")
        verbose_name_plural = _("métiers")

    def __str__(self):
        return self.name

    def forms(self):
        """Every name of the trade: masculine, feminine, abbreviations."""
        names = [self.name, self.feminine, *self.abbreviations.split(",")]
        return [name for name in dict.fromkeys(" ".join(n.split()) for n in names) if name]
