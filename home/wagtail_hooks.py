from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from portal import hooks as portal_hooks
from portal.i18n import in_default_locale

from .charts import BarChart
from .models import Commune, NewsPage, TelecentrePage


class CommuneViewSet(ModelViewSet):
    """The communes table, read by editors (it is loaded from INSEE data, not edited)."""

    model = Commune
    icon = "site"
    menu_label = _("Communes")
    add_to_admin_menu = False
    list_display = ["name", "insee", "postcodes", "population"]
    search_fields = ["name", "insee", "postcodes"]
    ordering = ["name"]
    inspect_view_enabled = True
    form_fields = ["name", "postcodes", "population", "latitude", "longitude"]


@hooks.register("register_admin_viewset")
def register_communes():
    return CommuneViewSet("communes")


@hooks.register(portal_hooks.ADMIN_CHARTS)
def network_charts():
    centres = (
        in_default_locale(TelecentrePage.objects.live())
        .order_by("-desks", "title")
        .values_list("title", "desks")
    )
    news = (
        NewsPage.objects.live()
        .filter(telecentre__isnull=False)
        .values("telecentre__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "telecentre__title")
    )
    return [
        BarChart(_("Postes de travail par télécentre"), list(centres)),
        BarChart(
            _("Actualités publiées par télécentre"),
            [(row["telecentre__title"], row["n"]) for row in news],
        ),
    ]


class NetworkFiguresPanel(Component):
    """The dashboard's figures: one chart per series that an app provides."""

    name = "network_figures"
    order = 50
    template_name = "home/admin/figures_panel.html"

    def get_context_data(self, parent_context):
        charts = []
        for provider in hooks.get_hooks(portal_hooks.ADMIN_CHARTS):
            charts.extend(provider())
        return {"charts": [chart for chart in charts if chart.rows]}


@hooks.register("construct_homepage_panels")
def add_figures_panel(request, panels):
    panels.append(NetworkFiguresPanel())


@hooks.register("register_admin_viewset")
def register_welcome_questions():
    from .welcome_admin import WelcomeQuestionViewSet

    return WelcomeQuestionViewSet()


@hooks.register(portal_hooks.PERSONAL_DATA)
def welcome_questions_data(user):
    """The data export: the questions asked to the welcome desk, with their answers."""
    from portal.accounts import person_emails

    from .welcome import personal_data

    return {"welcome_questions": personal_data(person_emails(user))}


@hooks.register(portal_hooks.ERASE_PERSONAL_DATA)
def erase_welcome_questions(user, emails):
    """Account deletion: the welcome desk's threads of the person's addresses."""
    from django.utils.translation import ngettext

    from .welcome import erase

    count = erase(emails)
    return [
        (
            ngettext(
                "%(count)d question à l’accueil des nouveaux arrivants",
                "%(count)d questions à l’accueil des nouveaux arrivants",
                count,
            )
            % {"count": count},
            count,
        )
    ]


@hooks.register(portal_hooks.ACCOUNT_ERASURE_NOTICE)
def welcome_questions_erasure_notice(user):
    from django.utils.translation import gettext as _

    return [_("vos questions à l’accueil des nouveaux arrivants et leurs réponses ;")]
