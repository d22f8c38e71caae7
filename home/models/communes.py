"""The Cantal's communes, loaded from INSEE / La Poste open data."""

from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..geo import haversine_km


class Commune(models.Model):
    """One of the Cantal's communes, loaded from INSEE / La Poste open data."""

    insee = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100, db_index=True)
    slug = models.SlugField(max_length=100, unique=True)
    postcodes = models.CharField(
        _("codes postaux"), max_length=60, help_text=_("Séparés par des espaces.")
    )
    population = models.PositiveIntegerField(_("population municipale"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    @property
    def postcode(self):
        return self.postcodes.split()[0] if self.postcodes else ""

    def distance_km(self, other):
        return haversine_km(self.latitude, self.longitude, other.latitude, other.longitude)

    @classmethod
    def lookup(cls, value):
        """Finds a commune by INSEE code, slug or name (case and accents ignored)."""
        value = (value or "").strip()
        if not value:
            return None
        if value.isdigit() or (len(value) == 5 and value[:2].isdigit()):
            return cls.objects.filter(insee=value).first()
        return cls.objects.filter(Q(slug=slugify(value)) | Q(name__iexact=value)).first()
