"""Form helpers for templates: the error summary at the top of a form."""

from django import template

from portal.forms import error_items

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, **extra):
    """« Il y a un problème » and each error of ``form`` as a link to its field. ``extra``
    passes ``description`` (a sentence under the title)."""
    return {"items": error_items(form) if form is not None else [], **extra}
