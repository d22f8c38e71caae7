"""The home page and standard pages."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal import hooks as portal_hooks
from portal import i18n
from portal.listing_cache import lazy

from ..blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from ..upcoming import upcoming_items
from .base import BasePage, ImageMixin
from .news import NewsPage
from .telecentres import TelecentreIndexPage, TelecentrePage


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

    max_count = len(settings.LANGUAGES)  # one home page per language
    parent_page_types = ["wagtailcore.Page"]
    page_description = _("La page d’accueil du site.")
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("page d’accueil")

    #: ``route()`` below only adds a fallback for another locale's home: in its own locale
    #: it routes as Wagtail does, so ``portal.routing`` may find its pages in two queries.
    routes_as_wagtail_in_own_locale = True

    def route(self, request, path_components):
        """Wagtail's routing; under another locale's home (``/en/…``), a page that has no
        translation there is found in the default locale's tree: it is served with its
        French content marked as such (``base.html``: ``lang`` and a notice)."""
        try:
            return super().route(request, path_components)
        except Http404:
            default = i18n.locale_id(i18n.default_language())
            if not path_components or self.locale_id == default:
                raise
            source = HomePage.objects.filter(
                translation_key=self.translation_key, locale_id=default
            ).first()
            if source is None:
                raise
            return source.route(request, path_components)

    def key_figures(self, centres=None):
        """Centres, desks and members; ``centres`` (the live public centres, if already
        fetched) saves a query."""
        if centres is None:
            figures = i18n.localized(TelecentrePage.objects.live().public()).aggregate(
                count=Count("pk"), desks=Sum("desks")
            )
        else:
            figures = {"count": len(centres), "desks": sum(c.desks or 0 for c in centres)}
        result = {"centres": figures["count"] or 0, "desks": figures["desks"] or 0, "members": None}
        for provider in hooks.get_hooks(portal_hooks.MEMBER_COUNT):
            result["members"] = (result["members"] or 0) + provider()
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the template shows them: inside {% cached_listing %}, not at all when
        # the listings are stored (portal.listing_cache).
        context["upcoming"] = lazy(request, lambda: upcoming_items(limit=4))
        context["latest_news"] = (
            i18n.localized(NewsPage.objects.live().public())
            .select_related("image")
            .order_by("-date", "-pk")[:3]
        )
        telecentres = context["telecentres"] = lazy(
            request,
            lambda: list(
                i18n.localized(TelecentrePage.objects.live().public()).select_related("commune")
            ),
        )
        context["figures"] = lazy(request, lambda: self.key_figures(telecentres))
        context["centres_index"] = lazy(
            request, lambda: i18n.localized(TelecentreIndexPage.objects.live().public()).first()
        )
        self._load_linked_pages()
        return context

    def _load_linked_pages(self):
        """The button's and the join call's pages in one query instead of one each."""
        fields = ("hero_cta_page", "join_page")
        ids = [getattr(self, f"{name}_id") for name in fields]
        linked = Page.objects.in_bulk([pk for pk in ids if pk])
        for name, pk in zip(fields, ids, strict=True):
            if pk in linked:
                setattr(self, name, linked[pk])


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
