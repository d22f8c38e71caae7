"""StreamField blocks shared by the site's pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Titre")
        description = _("Un titre de section, pour structurer la page.")
        preview_value = {"text": "Un réseau de bureaux partagés", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    """An image and its caption. The image is Wagtail's ``ImageBlock``: editors write its
    alternative text (the image's own description is offered) or mark it decorative."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("Une image avec sa légende et son texte alternatif.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Citation")
        description = _("Une citation mise en valeur, avec son auteur.")
        preview_value = {
            "quote": "Travailler au pays, sans renoncer à rien.",
            "attribution": "Une télétravailleuse à Murat",
        }


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        return page.url if page else self.get("external_url")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    external_url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Appel à l’action")
        description = _("Un encadré avec un bouton vers une page du site ou une adresse externe.")
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(_("Choisir une page ou une adresse."))
                }
            )
        return value


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Réponse"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, default="Questions fréquentes")
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        label = _("Questions fréquentes")
        description = _("Des questions et leurs réponses, dépliables une à une.")


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Du texte mis en forme."),
    )
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(
        label=_("Vidéo ou contenu intégré"),
        icon="media",
        template="blocks/embed_block.html",
        description=_("Une vidéo ou un contenu d’un autre site, par son adresse."),
    )
    faq = FAQBlock()
