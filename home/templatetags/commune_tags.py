"""``{% commune_finder %}``: the « Où voulez-vous vous installer ? » form, on any page."""

from django import template
from django.utils import translation

register = template.Library()


def _index_url():
    from home.models import CommuneIndexPage
    from portal.i18n import localized

    index = localized(CommuneIndexPage.objects.live().public()).first()
    return index.url if index else "/communes/"


@register.inclusion_tag("home/includes/commune_finder.html", takes_context=True)
def commune_finder(context, form=None, title=None, finder_id="commune-finder", heading="h2"):
    """A GET form to ``/communes/`` (the commune's page, or the communes the text may
    mean); ``form`` is the index's bound form, to show what was typed and the error."""
    from home.forms import CommuneFinderForm
    from portal.page_cache import fragment

    if form is None:
        form = CommuneFinderForm(auto_id=f"{finder_id}-%s")
    request = context.get("request")
    # The index's address, from a fragment kept until the page tree changes.
    action = (
        fragment(request, "communes-index-url", _index_url, translation.get_language())
        if request
        else _index_url()
    )
    return {
        "finder": form,
        "title": title,
        "finder_id": finder_id,
        "heading": heading,
        "action": action,
    }
