from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class JobRun(models.Model):
    """One row per scheduled job (``portal.schedule``): its lock and its last run."""

    name = models.CharField(_("tâche"), max_length=40, primary_key=True)
    # Set while a run is under way (who runs it: "host:pid"); the lock on SQLite.
    running_since = models.DateTimeField(_("en cours depuis"), null=True, blank=True)
    running_owner = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(_("dernier lancement"), null=True, blank=True)
    finished_at = models.DateTimeField(_("dernière fin"), null=True, blank=True)
    ok = models.BooleanField(_("réussie"), null=True)
    summary = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("tâche planifiée")
        verbose_name_plural = _("tâches planifiées")

    def __str__(self):
        return self.name


def _page_link(label):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class SiteLinks(BaseGenericSetting):
    """The pages the site links to from every page (footer, header, error pages): chosen
    here, they keep their links when an editor renames or moves them. Empty: no link."""

    select_related = [
        "legal_page",
        "privacy_page",
        "accessibility_page",
        "news_page",
        "agenda_page",
        "centres_page",
    ]

    legal_page = _page_link(_("mentions légales"))
    privacy_page = _page_link(_("données personnelles"))
    accessibility_page = _page_link(_("accessibilité"))
    news_page = models.ForeignKey(
        "home.NewsIndexPage",
        verbose_name=_("actualités"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Sa liste d’actualités et son flux RSS."),
    )
    agenda_page = _page_link(_("agenda"))
    centres_page = _page_link(_("télécentres du réseau"))

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("legal_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pied de page"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("news_page"),
                PageChooserPanel("agenda_page", "events.EventIndexPage"),
                PageChooserPanel("centres_page", "home.TelecentreIndexPage"),
            ],
            heading=_("Rubriques"),
        ),
    ]

    class Meta:
        verbose_name = _("pages de référence du site")
