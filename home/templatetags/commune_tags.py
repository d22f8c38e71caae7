"""``{% commune_finder %}``: the « Où voulez-vous vous installer ? » form, on any page."""

from django import template

register = template.Library()


@register.inclusion_tag("home/includes/commune_finder.html")
def commune_finder(form=None, title=None, finder_id="commune-finder", heading="h2"):
    """A GET form to ``/communes/`` (the commune's page, or the communes the text may
    mean); ``form`` is the index's bound form, to show what was typed and the error."""
    from home.forms import CommuneFinderForm
    from home.models import CommuneIndexPage

    if form is None:
        form = CommuneFinderForm(auto_id=f"{finder_id}-%s")
    index = CommuneIndexPage.objects.live().public().first()
    return {
        "finder": form,
        "title": title,
        "finder_id": finder_id,
        "heading": heading,
        "action": index.url if index else "/communes/",
    }
