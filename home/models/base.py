"""What every page of the site shares: the introduction, the lead image, the base page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from portal.choices import ChoiceLabelsMixin
from portal.pages import CachedViewRestrictionsMixin, PortalPageManager


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


class BasePage(ChoiceLabelsMixin, CachedViewRestrictionsMixin, IntroductionMixin, Page):
    """Every page of the site: title, introduction, searchable."""

    objects = PortalPageManager()

    content_panels = Page.content_panels + IntroductionMixin.content_panels
    search_fields = Page.search_fields + IntroductionMixin.search_fields

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.introduction
