"""« Venir s’installer »: the newcomers' hub and its welcome desk.

``NewcomersPage`` (``/venir-s-installer/``) gathers the editable topic pages under it
(standard pages: working here, housing, schools…), a « where would you live? » commune
finder, testimonies and the ways into centres, agenda, training and directory. Its
``question/`` route is the welcome desk's form (``home.welcome``).
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal.listing_cache import lazy

from ..blocks import BodyStreamBlock, QuoteBlock
from ..upcoming import upcoming_items
from .base import BasePage, ImageMixin
from .commune_pages import CommuneIndexPage
from .pages import StandardPage
from .telecentres import TelecentreIndexPage


class NewcomersPage(RoutablePageMixin, ImageMixin, BasePage):
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))
    testimonies = StreamField(
        [("testimony", QuoteBlock(label=_("Témoignage")))],
        blank=True,
        verbose_name=_("témoignages"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("testimonies"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage"]
    max_count_per_parent = 1  # one per home page, so one per language
    page_description = _(
        "L’accueil des nouveaux arrivants : ses pages thématiques, le choix d’une commune, "
        "des témoignages et le formulaire de l’accueil."
    )
    template = "home/newcomers_page.html"

    class Meta:
        verbose_name = _("page « Venir s’installer »")

    def topics(self):
        return (
            StandardPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each read by the template inside its stored listing (portal.listing_cache).
        context["topics"] = self.topics()
        context["upcoming"] = lazy(request, lambda: upcoming_items(limit=3))
        context["centres_index"] = lazy(request, lambda: self._index(TelecentreIndexPage))
        context["communes_index"] = lazy(request, lambda: self._index(CommuneIndexPage))
        return context

    def _index(self, model):
        """The live index page of ``model`` in this page's language, else in any."""
        pages = model.objects.live().public()
        return pages.filter(locale_id=self.locale_id).first() or pages.first()

    @path("")
    def index(self, request):
        return self.render(request)

    @path("question/", name="question")
    def question(self, request):
        from ..welcome_views import question_view

        return question_view(self, request)
