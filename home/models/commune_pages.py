"""A page for each commune of the Cantal, for people thinking of settling there.

``CommuneIndexPage`` (``/communes/``) lists them A–Z and finds one from a name or a
postcode; each ``CommunePage`` (``/communes/<slug>/``) shows what is near: centres with
their distance, freelancers of the directory, upcoming dates within 30 km, neighbouring
communes, a map. The pages are made and kept up to date by ``build_communes``
(``home.commune_builder``), which writes only the generated fields (``commune``, title,
``summary``); what editors write (introduction, image, body) is theirs.
"""

import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal import hooks as portal_hooks
from portal import i18n
from portal.listing_cache import lazy

from ..blocks import BodyStreamBlock
from ..geo import bounding_box, distance_km_expression, haversine_km
from ..upcoming import upcoming_items
from .base import BasePage, ImageMixin
from .communes import Commune
from .telecentres import TelecentrePage

NEAREST_CENTRES = 3
EVENTS_RADIUS_KM = 30
EVENTS_LIMIT = 5
FREELANCERS_RADIUS_KM = 15
FREELANCERS_CARDS = 4
NEIGHBOURS = 8
NEIGHBOURS_RADIUS_KM = 25


def freelancers_near(commune, radius_km=FREELANCERS_RADIUS_KM, limit=FREELANCERS_CARDS):
    """What the directory has to say about a commune, from the app that owns it
    (``@hooks.register(portal_hooks.FREELANCERS_NEAR)``): a dict with ``here`` (the
    number of public profiles based in the commune), ``near`` (within ``radius_km``,
    the commune included) and ``profiles`` (a few of them, nearest first, each with
    ``distance_km``). ``None`` when no app provides it."""
    for provider in hooks.get_hooks(portal_hooks.FREELANCERS_NEAR):
        return provider(commune=commune, radius_km=radius_km, limit=limit)
    return None


def directory_url(commune, radius_km=None):
    query = {"commune": commune.name}
    if radius_km:
        query["radius_km"] = radius_km
    return reverse("search:directory") + "?" + urlencode(query)


def centres_by_distance(latitude, longitude, language=None):
    """Every public centre in ``language`` (the active one by default; a centre not
    translated in its French version), nearest first, each with ``distance_km`` (one query)."""
    centres = list(
        i18n.localized(TelecentrePage.objects.live().public(), language).select_related("commune")
    )
    for centre in centres:
        centre.distance_km = haversine_km(latitude, longitude, centre.latitude, centre.longitude)
    return sorted(centres, key=lambda centre: (centre.distance_km, centre.title))


def find_communes(text):
    """``(commune, matches, error)`` for what someone typed in the commune finder: the
    commune when the text names one (name, « Nom (code) », postcode, INSEE code), else
    the communes it may mean (a postcode shared by several, a part of a name)."""
    from ..forms import CommuneField, communes_in_order, fold

    text = " ".join(str(text or "").split())[:100]
    if not text:
        return None, [], None
    field = CommuneField()
    try:
        return field.clean(text), [], None
    except ValidationError as exc:
        error = exc.messages[0]
        code = exc.error_list[0].code
    communes = list(Commune.objects.all())
    if code == "ambiguous":
        matches = [c for c in communes if text in c.postcodes.split()]
    else:
        wanted = fold(text)
        matches = [c for c in communes if wanted and wanted in fold(c.name)]
        if text.isdigit():
            matches = [c for c in communes if any(p.startswith(text) for p in c.postcodes.split())]
        if len(matches) == 1:
            return matches[0], [], None
        if matches:
            error = None
    return None, communes_in_order(matches), error


class CommuneIndexPage(RoutablePageMixin, BasePage):
    """``/communes/``: every commune A–Z, and a finder by name or postcode."""

    site_map_lists_children = False  # its items are listed on the page itself
    subpage_types = ["home.CommunePage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1  # one per home page, so one per language
    page_description = _("La liste des communes du Cantal, avec un moteur par nom ou code postal.")
    template = "home/commune_index_page.html"

    class Meta:
        verbose_name = _("index des communes")

    def commune_pages(self):
        from ..forms import collation_key

        pages = CommunePage.objects.child_of(self).live().public().select_related("commune")
        return sorted(pages, key=lambda page: collation_key(page.title))

    def by_letter(self, pages=None):
        """``[(letter, [pages])]``, A to Z, on the first letter without its accent."""
        from ..forms import fold

        groups = {}
        for page in pages if pages is not None else self.commune_pages():
            letter = (fold(page.title)[:1] or "#").upper()
            groups.setdefault(letter, []).append(page)
        return list(groups.items())

    @path("")
    def index(self, request):
        from ..forms import CommuneFinderForm

        form = CommuneFinderForm(
            request.GET if "q" in request.GET else None, auto_id="commune-finder-%s"
        )
        matches = []
        if form.is_valid() and form.cleaned_data["q"]:
            commune, matches, error = find_communes(form.cleaned_data["q"])
            if commune is not None:
                page = CommunePage.objects.child_of(self).live().public()
                page = page.filter(commune=commune).first()
                if page is not None:
                    return HttpResponseRedirect(page.get_url(request))
                error = _("La page de cette commune n’est pas encore publiée.")
            if error:
                form.add_error("q", error)
        pages = self.commune_pages()
        by_commune = {page.commune_id: page for page in pages}
        return self.render(
            request,
            context_overrides={
                "finder": form,
                "searched": form.is_bound,
                "matches": [(c, by_commune.get(c.pk)) for c in matches],
                "letters": self.by_letter(pages),
                "count": len(pages),
            },
        )


class CommunePage(ImageMixin, BasePage):
    """One commune: what a newcomer finds there and nearby. Its title, commune and
    summary are written by ``build_communes``; introduction, image and body by editors."""

    # Routing reads the page with its commune (on everything the page shows): one query.
    routed_select_related = ("commune", "image")

    # One page per commune and locale (build_communes makes the default locale's): a
    # translation (wagtail-localize copies the page) shares the commune, so no one-to-one.
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="pages"
    )
    summary = models.TextField(
        _("résumé (généré)"),
        blank=True,
        help_text=_("Écrit par la commande build_communes à partir des données ; ne pas modifier."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        FieldPanel("title", read_only=True),
        HelpPanel(
            content=_(
                "Le nom, la population, les codes postaux, les télécentres, les indépendants et "
                "les rendez-vous proches sont tenus à jour automatiquement. Ajoutez ici votre "
                "propre présentation de la commune : la commande build_communes ne la remplace "
                "jamais."
            ),
        ),
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "commune",
            [index.SearchField("name"), index.SearchField("postcodes"), index.FilterField("insee")],
        ),
    ]

    parent_page_types = ["home.CommuneIndexPage"]
    subpage_types = []
    page_description = _("Une commune du Cantal (créée par la commande build_communes).")
    template = "home/commune_page.html"

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def get_meta_description(self):
        return self.search_description or self.introduction or self.summary

    # -- what the page shows, each part in a fixed number of queries

    def nearest_centres(self, centres=None):
        centres = centres if centres is not None else self._centres()
        return centres[:NEAREST_CENTRES]

    def _centres(self):
        return centres_by_distance(
            self.commune.latitude, self.commune.longitude, i18n.language_of(self)
        )

    def neighbours(self):
        """The nearest other communes' pages, each with ``distance_km`` (one query)."""
        commune = self.commune
        south, north, west, east = bounding_box(
            commune.latitude, commune.longitude, NEIGHBOURS_RADIUS_KM
        )
        return list(
            CommunePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .filter(commune__latitude__range=(south, north), commune__longitude__range=(west, east))
            .select_related("commune")
            .annotate(
                distance_km=distance_km_expression(
                    commune.latitude,
                    commune.longitude,
                    lat_field="commune__latitude",
                    lon_field="commune__longitude",
                )
            )
            .order_by("distance_km", "title")[:NEIGHBOURS]
        )

    def upcoming_nearby(self, centres):
        """Next events and training sessions in the centres within 30 km."""
        near = [centre for centre in centres if centre.distance_km <= EVENTS_RADIUS_KM]
        if not near:
            return []
        distances = {centre.pk: centre.distance_km for centre in near}
        items = upcoming_items(limit=EVENTS_LIMIT, telecentres=near)
        for item in items:
            item.distance_km = distances.get(getattr(item, "telecentre_id", None))
        return items

    def json_ld(self):
        commune = self.commune
        data = {
            "@context": "https://schema.org",
            "@type": "City",
            "name": commune.name,
            "url": self.full_url,
            "identifier": {"@type": "PropertyValue", "propertyID": "INSEE", "value": commune.insee},
            "address": {
                "@type": "PostalAddress",
                "postalCode": commune.postcode,
                "addressLocality": commune.name,
                "addressRegion": "Cantal",
                "addressCountry": "FR",
            },
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            },
            "containedInPlace": {
                "@type": "AdministrativeArea",
                "name": "Cantal",
                "identifier": "FR-15",
            },
        }
        if self.summary:
            data["description"] = self.summary
        return json.dumps(data, ensure_ascii=False, indent=1)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read through lazy(): the stored listings below depend on what the centres read.
        centres = lazy(request, lambda: list(self._centres()))
        nearest = lazy(request, lambda: self.nearest_centres(centres))
        context.update(
            {
                "commune": self.commune,
                "population": population(self.commune),
                "nearest_centres": nearest,
                # Read by the template inside their stored listings (portal.listing_cache).
                "upcoming": lazy(request, lambda: self.upcoming_nearby(centres)),
                "events_radius_km": EVENTS_RADIUS_KM,
                "freelancers": lazy(request, lambda: freelancers_near(self.commune)),
                "freelancers_radius_km": FREELANCERS_RADIUS_KM,
                "directory_url": directory_url(self.commune),
                "directory_near_url": directory_url(self.commune, FREELANCERS_RADIUS_KM),
                "neighbours": lazy(request, self.neighbours),
            }
        )
        return context

    # -- used on the map's list (same shape as a centre)

    @property
    def latitude(self):
        return self.commune.latitude

    @property
    def longitude(self):
        return self.commune.longitude


def population(commune):
    """« 12 345 » in French, « 12,345 » in English."""
    text = f"{commune.population:,}"
    return text.replace(",", "\u202f") if translation.get_language() != "en" else text


def summary_for(commune, centres):
    """The generated one-line summary of a commune (its meta description)."""
    nearest = centres[0] if centres else None
    text = ngettext(
        "%(name)s, commune du Cantal de %(population)s habitant",
        "%(name)s, commune du Cantal de %(population)s habitants",
        commune.population,
    ) % {"name": commune.name, "population": population(commune)}
    text += " (" + ", ".join(commune.postcodes.split()) + ")"
    if nearest is not None:
        distance = round(nearest.distance_km)
        if distance < 1:
            text += _(" ; télécentre sur place : %(centre)s.") % {"centre": nearest.title}
        else:
            text += _(" ; télécentre le plus proche : %(centre)s, à %(km)s km.") % {
                "centre": nearest.title,
                "km": distance,
            }
    else:
        text += "."
    return text
