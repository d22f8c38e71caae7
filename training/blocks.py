"""Blocks of a course's programme: its modules, with their duration, and free text."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import RICH_TEXT_FEATURES


class ModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Intitulé du module"), max_length=150)
    hours = blocks.DecimalBlock(
        label=_("Durée (heures)"), required=False, min_value=0, max_digits=4, decimal_places=1
    )
    content = blocks.RichTextBlock(
        label=_("Contenu"), features=["bold", "italic", "link", "ul", "ol"], required=False
    )

    class Meta:
        icon = "list-ol"
        template = "training/blocks/module_block.html"
        label = _("Module")
        description = _("Une étape du programme : son intitulé, sa durée et ce qu’on y apprend.")
        preview_value = {
            "title": "Organiser son poste de travail à distance",
            "hours": "2",
            "content": "<ul><li>Choisir ses outils</li><li>Sécuriser ses accès</li></ul>",
        }


class ProgrammeStreamBlock(blocks.StreamBlock):
    module = ModuleBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Un texte libre entre deux modules."),
        preview_value="<p>Chaque module alterne apports et mise en pratique.</p>",
    )
