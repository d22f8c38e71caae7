"""The organisation's contact details and social links, edited in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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
