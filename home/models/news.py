"""News: the index with its RSS feed, and each news item."""

import datetime
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal.listing_cache import lazy
from portal.pagination import paginate

from ..blocks import BodyStreamBlock
from .base import BasePage, ImageMixin
from .telecentres import TelecentrePage


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    site_map_lists_children = False  # its items are listed on the page itself
    subpage_types = ["home.NewsPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1  # one per home page, so one per language
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
        tags = (
            NewsPageTag.tag_model()
            .objects.filter(home_newspagetag_items__content_object__in=self.news())
            .annotate(n=Count("pk"))
            .order_by("name")
        )
        return self.render(
            request,
            context_overrides={
                # read by the template, inside its stored listing (portal.listing_cache)
                "news_page": lazy(request, lambda: paginate(request, news, self.per_page)),
                "tags": tags,
                "current_tag": tag,
                "pagination_query": urlencode({"tag": tag}) if tag else "",
            },
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from ..feeds import NewsFeed

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
