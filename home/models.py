"""The network's pages: home, standard pages, telecentres, news; communes and site settings."""

import datetime
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Q, Sum
from django.http import JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.pages import CachedViewRestrictionsMixin, PortalPageManager
from portal.pagination import paginate

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .geo import haversine_km

# ---------------------------------------------------------------------------
# Communes


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


# ---------------------------------------------------------------------------
# Shared page pieces


class IntroductionMixin(models.Model):
    introduction = models.TextField(
        _("chapeau"), blank=True, help_text=_("Une ou deux phrases affichées en tête de page.")
    )

    content_panels = [FieldPanel("introduction")]
    search_fields = [index.SearchField("introduction")]

    class Meta:
        abstract = True


class ImageMixin(models.Model):
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [FieldPanel("image")]

    class Meta:
        abstract = True


class BasePage(CachedViewRestrictionsMixin, IntroductionMixin, Page):
    """Every page of the site: title, introduction, searchable."""

    objects = PortalPageManager()

    content_panels = Page.content_panels + IntroductionMixin.content_panels
    search_fields = Page.search_fields + IntroductionMixin.search_fields

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.introduction


# ---------------------------------------------------------------------------
# Upcoming events and sessions, provided by the apps that own them


def upcoming_items(limit=6, telecentre=None, telecentres=None):
    """Next dated items (events, training sessions) from every app that provides them.

    Apps register a function with ``@hooks.register("cybercantal_upcoming")`` taking
    ``(limit, telecentre)`` (and ``telecentres``, a list of centres, when given: the dates
    held in any of them) and returning objects with ``start``, ``title`` and ``url``.
    Until such apps exist the list is empty and templates show an empty state.
    """
    items = []
    extra = {} if telecentres is None else {"telecentres": telecentres}
    for provider in hooks.get_hooks("cybercantal_upcoming"):
        items.extend(provider(limit=limit, telecentre=telecentre, **extra))
    items.sort(key=lambda item: item.start)
    return items[:limit]


def calendar_feed(telecentre=None):
    """``(.ics path, webcal URL)`` of the calendar feed of the network or of one centre, from
    the app that provides it (``@hooks.register("cybercantal_calendar_feed")``), or ``None``."""
    for provider in hooks.get_hooks("cybercantal_calendar_feed"):
        return provider(telecentre=telecentre)
    return None


# ---------------------------------------------------------------------------
# Home and standard pages


class HomePage(ImageMixin, BasePage):
    hero_title = models.CharField(
        _("accroche"), max_length=160, default="Travailler au pays, ensemble"
    )
    hero_text = models.TextField(_("texte d’accroche"), blank=True)
    hero_cta_label = models.CharField(_("libellé du bouton"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du bouton"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    join_title = models.CharField(
        _("titre de l’appel à rejoindre"), max_length=160, default="Rejoindre le réseau"
    )
    join_text = RichTextField(
        _("texte de l’appel à rejoindre"), features=RICH_TEXT_FEATURES, blank=True
    )
    join_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page pour rejoindre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("image"),
                FieldRowPanel([FieldPanel("hero_cta_label"), FieldPanel("hero_cta_page")]),
            ],
            heading=_("Bandeau d’accueil"),
        ),
        MultiFieldPanel(
            [FieldPanel("join_title"), FieldPanel("join_text"), FieldPanel("join_page")],
            heading=_("Appel à rejoindre le réseau"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("hero_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    page_description = _("La page d’accueil du site.")
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("page d’accueil")

    def key_figures(self, centres=None):
        """Centres, desks and members; ``centres`` (the live public centres, if already
        fetched) saves a query."""
        if centres is None:
            figures = (
                TelecentrePage.objects.live()
                .public()
                .aggregate(count=Count("pk"), desks=Sum("desks"))
            )
        else:
            figures = {"count": len(centres), "desks": sum(c.desks or 0 for c in centres)}
        result = {"centres": figures["count"] or 0, "desks": figures["desks"] or 0, "members": None}
        for provider in hooks.get_hooks("cybercantal_member_count"):
            result["members"] = (result["members"] or 0) + provider()
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = upcoming_items(limit=4)
        context["latest_news"] = (
            NewsPage.objects.live().public().select_related("image").order_by("-date", "-pk")[:3]
        )
        context["telecentres"] = list(
            TelecentrePage.objects.live().public().select_related("commune")
        )
        context["figures"] = self.key_figures(context["telecentres"])
        context["centres_index"] = TelecentreIndexPage.objects.live().public().first()
        return context


class StandardPage(ImageMixin, BasePage):
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = BasePage.content_panels + ImageMixin.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    page_description = _(
        "Une page de contenu libre : présentation, « Venir s’installer », mentions légales…"
    )
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("page standard")


# ---------------------------------------------------------------------------
# Telecentres


class TelecentreIndexPage(RoutablePageMixin, BasePage):
    """The network: a map of every centre and a list filterable by equipment and service."""

    subpage_types = ["home.TelecentrePage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
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
        from .forms import NearCommuneForm

        wanted = [key for key, _label in self.FEATURES if request.GET.get(key)]
        centres = list(self.centres().filter(**dict.fromkeys(wanted, True)))
        near = NearCommuneForm(request.GET if "commune" in request.GET else None)
        commune = near.cleaned_data["commune"] if near.is_valid() else None
        if commune:
            for centre in centres:
                centre.distance_km = haversine_km(
                    commune.latitude, commune.longitude, centre.latitude, centre.longitude
                )
            centres.sort(key=lambda centre: centre.distance_km)
        return self.render(
            request,
            context_overrides={
                "centres": centres,
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
        context["upcoming"] = upcoming_items(limit=5, telecentre=self)
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


# ---------------------------------------------------------------------------
# News


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    site_map_lists_children = False  # its items are listed on the page itself
    subpage_types = ["home.NewsPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    page_description = _("La liste des actualités, avec son flux RSS.")
    template = "home/news_index_page.html"
    per_page = 10

    class Meta:
        verbose_name = _("index des actualités")

    def news(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image", "telecentre")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    @path("")
    def index(self, request):
        news = self.news()
        tag = request.GET.get("tag", "").strip()
        if tag:
            news = news.filter(tags__slug=tag).distinct()
        page_obj = paginate(request, news, self.per_page)
        tags = (
            NewsPageTag.tag_model()
            .objects.filter(home_newspagetag_items__content_object__in=self.news())
            .annotate(n=Count("pk"))
            .order_by("name")
        )
        return self.render(
            request,
            context_overrides={
                "news_page": page_obj,
                "tags": tags,
                "current_tag": tag,
                "pagination_query": urlencode({"tag": tag}) if tag else "",
            },
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(ImageMixin, BasePage):
    date = models.DateField(_("date de publication"), default=datetime.date.today)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))
    telecentre = models.ForeignKey(
        TelecentrePage,
        verbose_name=_("télécentre concerné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("telecentre"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    page_description = _("Une actualité du réseau.")
    template = "home/news_page.html"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    @cached_property
    def published_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9, 0)))


# ---------------------------------------------------------------------------
# Site settings


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    organisation = models.CharField(
        _("nom de la structure"), max_length=160, default="Réseau CyberCantal Télécentres"
    )
    address = models.TextField(_("adresse postale"), blank=True)
    email = models.EmailField(_("courriel de contact"), blank=True)
    welcome_email = models.EmailField(
        _("courriel de l’accueil des nouveaux arrivants"),
        blank=True,
        help_text=_(
            "Où arrivent les questions posées par le formulaire « Venir s’installer » ; "
            "vide : le courriel de contact."
        ),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    mastodon = models.URLField(_("Mastodon"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("welcome_email"),
                FieldPanel("phone"),
            ],
            heading=_("Coordonnées"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook"),
                FieldPanel("linkedin"),
                FieldPanel("mastodon"),
                FieldPanel("youtube"),
            ],
            heading=_("Réseaux sociaux"),
        ),
    ]

    class Meta:
        verbose_name = _("coordonnées et réseaux sociaux")

    def social_links(self):
        return [
            (label, url)
            for label, url in [
                ("Facebook", self.facebook),
                ("LinkedIn", self.linkedin),
                ("Mastodon", self.mastodon),
                ("YouTube", self.youtube),
            ]
            if url
        ]


# The communes' pages live in their own module; importing it here registers their models.
from .commune_pages import CommuneIndexPage, CommunePage  # noqa: E402, F401
from .newcomers import NewcomersPage  # noqa: E402, F401
from .welcome import WelcomeQuestion, WelcomeReply  # noqa: E402, F401
