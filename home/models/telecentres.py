"""The network: the centres' index and each centre, its opening hours and gallery."""

from django.db import models
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from portal.listing_cache import lazy

from ..blocks import BodyStreamBlock
from ..geo import haversine_km
from ..upcoming import calendar_feed, upcoming_items
from .base import BasePage, ImageMixin
from .communes import Commune


class TelecentreIndexPage(RoutablePageMixin, BasePage):
    """The network: a map of every centre and a list filterable by equipment and service."""

    subpage_types = ["home.TelecentrePage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1  # one per home page, so one per language
    page_description = _("La liste et la carte des télécentres du réseau.")
    template = "home/telecentre_index_page.html"

    class Meta:
        verbose_name = _("index des télécentres")

    FEATURES = [
        ("meeting_room", _("Salle de réunion")),
        ("videoconference", _("Visioconférence")),
        ("printer", _("Imprimante")),
        ("phone_line", _("Ligne téléphonique")),
        ("kitchen", _("Cuisine")),
        ("animator", _("Animateur")),
        ("secretariat", _("Secrétariat")),
        ("mail_domiciliation", _("Domiciliation")),
        ("training_room", _("Salle de formation")),
        ("accessible", _("Accessible PMR")),
    ]

    def centres(self):
        return (
            TelecentrePage.objects.child_of(self)
            .live()
            .public()
            .select_related("commune")
            .order_by("title")
        )

    @path("")
    def index(self, request):
        from ..forms import NearCommuneForm

        wanted = [key for key, _label in self.FEATURES if request.GET.get(key)]
        near = NearCommuneForm(request.GET if "commune" in request.GET else None)
        commune = near.cleaned_data["commune"] if near.is_valid() else None

        def centres():  # read by the template, inside its stored listings (portal.listing_cache)
            found = list(self.centres().filter(**dict.fromkeys(wanted, True)))
            if commune:
                for centre in found:
                    centre.distance_km = haversine_km(
                        commune.latitude, commune.longitude, centre.latitude, centre.longitude
                    )
                found.sort(key=lambda centre: centre.distance_km)
            return found

        return self.render(
            request,
            context_overrides={
                "centres": lazy(request, centres),
                "features": [(key, label, key in wanted) for key, label in self.FEATURES],
                "filtered": bool(wanted or commune),
                "filtered_features": len(wanted),
                "near": near,
                "near_commune": commune,
            },
        )

    @path("geojson/", name="geojson")
    def geojson(self, request):
        return JsonResponse(
            {
                "type": "FeatureCollection",
                "features": [centre.as_geojson_feature() for centre in self.centres()],
            },
            content_type="application/geo+json",
            json_dumps_params={"ensure_ascii": False},
        )


class TelecentrePage(ImageMixin, BasePage):
    """One shared office: where it is, what it offers, when it opens and what it costs."""

    routed_select_related = ("commune", "image")  # read with the page (portal.routing)

    HOST_STRUCTURES = [
        ("msap", _("Maison de services")),
        ("incubator", _("Pépinière d’entreprises")),
        ("epn", _("Espace public numérique")),
        ("other", _("Autre")),
    ]

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="telecentres"
    )
    street_address = models.CharField(_("adresse"), max_length=200)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour prendre celle de la commune."),
    )
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    host_structure = models.CharField(
        _("structure d’accueil"), max_length=20, choices=HOST_STRUCTURES, default="other"
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("présentation"))

    desks = models.PositiveSmallIntegerField(_("nombre de postes de travail"), default=0)
    meeting_room = models.BooleanField(_("salle de réunion"), default=False)
    broadband_mbps = models.PositiveIntegerField(
        _("débit internet (Mbit/s)"), null=True, blank=True
    )
    videoconference = models.BooleanField(_("visioconférence"), default=False)
    printer = models.BooleanField(_("imprimante"), default=False)
    phone_line = models.BooleanField(_("ligne téléphonique"), default=False)
    kitchen = models.BooleanField(_("cuisine"), default=False)

    animator = models.BooleanField(_("animateur sur place"), default=False)
    secretariat = models.BooleanField(_("secrétariat"), default=False)
    mail_domiciliation = models.BooleanField(_("domiciliation du courrier"), default=False)
    training_room = models.BooleanField(_("salle de formation"), default=False)

    price_day = models.DecimalField(
        _("prix à la journée (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    price_month = models.DecimalField(
        _("prix au mois (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    price_meeting_room_hour = models.DecimalField(
        _("salle de réunion, prix à l’heure (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )

    contact_name = models.CharField(_("nom du contact"), max_length=120, blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("courriel"), blank=True)

    accessible = models.BooleanField(
        _("accessible aux personnes à mobilité réduite"), default=False
    )
    accessibility_notes = models.TextField(_("précisions sur l’accessibilité"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("host_structure"),
            ],
            heading=_("Adresse"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("desks"), FieldPanel("broadband_mbps")]),
                FieldRowPanel(
                    [
                        FieldPanel("meeting_room"),
                        FieldPanel("videoconference"),
                        FieldPanel("printer"),
                    ]
                ),
                FieldRowPanel([FieldPanel("phone_line"), FieldPanel("kitchen")]),
            ],
            heading=_("Équipements"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("animator"), FieldPanel("secretariat")]),
                FieldRowPanel([FieldPanel("mail_domiciliation"), FieldPanel("training_room")]),
            ],
            heading=_("Services"),
        ),
        InlinePanel("opening_hours", label=_("Horaires d’ouverture"), heading=_("Horaires")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("price_day"),
                        FieldPanel("price_month"),
                        FieldPanel("price_meeting_room_hour"),
                    ]
                )
            ],
            heading=_("Tarifs"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessible"), FieldPanel("accessibility_notes")],
            heading=_("Accessibilité"),
        ),
        InlinePanel("gallery_images", label=_("Photo"), heading=_("Galerie de photos")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("street_address"),
        index.RelatedFields("commune", [index.SearchField("name"), index.FilterField("insee")]),
        index.FilterField("desks"),
    ]

    parent_page_types = ["home.TelecentreIndexPage"]
    subpage_types = []
    page_description = _("Un télécentre : adresse, équipements, services, horaires, tarifs.")
    template = "home/telecentre_page.html"

    class Meta:
        verbose_name = _("télécentre")

    def save(self, *args, **kwargs):
        if self.commune_id and (self.latitude is None or self.longitude is None):
            self.latitude = self.commune.latitude
            self.longitude = self.commune.longitude
        super().save(*args, **kwargs)

    @property
    def equipment(self):
        return [
            label
            for field, label in [
                ("meeting_room", _("Salle de réunion")),
                ("videoconference", _("Visioconférence")),
                ("printer", _("Imprimante")),
                ("phone_line", _("Ligne téléphonique")),
                ("kitchen", _("Cuisine")),
            ]
            if getattr(self, field)
        ]

    @property
    def services(self):
        return [
            label
            for field, label in [
                ("animator", _("Animateur sur place")),
                ("secretariat", _("Secrétariat")),
                ("mail_domiciliation", _("Domiciliation du courrier")),
                ("training_room", _("Salle de formation")),
            ]
            if getattr(self, field)
        ]

    def as_geojson_feature(self):
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [self.longitude, self.latitude]},
            "properties": {
                "name": self.title,
                "slug": self.slug,
                "url": self.url,
                "commune": self.commune.name,
                "address": f"{self.street_address}, {self.commune.postcode} {self.commune.name}",
                "desks": self.desks,
            },
        }

    @cached_property
    def hours(self):
        """The opening hours, read once per page view (the table and the JSON-LD)."""
        return list(self.opening_hours.all())

    def opening_hours_specification(self):
        return [row.as_schema_org() for row in self.hours]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by the template inside its stored listing (portal.listing_cache).
        context["upcoming"] = lazy(request, lambda: upcoming_items(limit=5, telecentre=self))
        context["calendar_feed"] = calendar_feed(telecentre=self)
        context["gallery"] = self.gallery_images.select_related("image")
        context["hours"] = self.hours
        context["page_as_list"] = [self]
        return context


class OpeningHours(Orderable):
    WEEKDAYS = [
        (0, _("lundi")),
        (1, _("mardi")),
        (2, _("mercredi")),
        (3, _("jeudi")),
        (4, _("vendredi")),
        (5, _("samedi")),
        (6, _("dimanche")),
    ]
    SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    page = ParentalKey(TelecentrePage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=WEEKDAYS)
    opens = models.TimeField(_("ouverture"))
    closes = models.TimeField(_("fermeture"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("horaire d’ouverture")
        verbose_name_plural = _("horaires d’ouverture")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("L’heure de fermeture doit suivre l’heure d’ouverture.")}
            )

    def as_schema_org(self):
        return {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{self.SCHEMA_DAYS[self.weekday]}",
            "opens": self.opens.strftime("%H:%M"),
            "closes": self.closes.strftime("%H:%M"),
        }


class TelecentreGalleryImage(Orderable):
    page = ParentalKey(TelecentrePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("texte alternatif"), max_length=200, blank=True)
    caption = models.CharField(_("légende"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
