"""StreamField data operations used by migrations (kept importable: migrations refer to them)."""

from wagtail.blocks.migrations.operations import BaseBlockOperation


class FigureToWagtailImageOperation(BaseBlockOperation):
    """``image`` blocks from the project's own image block (``{image, alt_text, caption}``) to
    ``home.blocks.FigureBlock`` (``{image: Wagtail's ImageBlock, caption}``): the alternative
    text moves into Wagtail's block, and an image that had none is marked decorative (as the
    old block's help said: left empty when decorative)."""

    def apply(self, block_value):
        if not isinstance(block_value, dict) or isinstance(block_value.get("image"), dict):
            return block_value  # already migrated
        alt_text = block_value.get("alt_text") or ""
        return {
            "image": {
                "image": block_value.get("image"),
                "decorative": not alt_text,
                "alt_text": alt_text,
            },
            "caption": block_value.get("caption") or "",
        }

    @property
    def operation_name_fragment(self):
        return "figure_to_wagtail_image"
