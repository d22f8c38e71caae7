"""The site's reference pages (``portal.models.SiteLinks``) chosen in the demo and test sites."""

#: Setting field → the demo page's slug (``home.demo``, ``events.demo``).
DEMO_SLUGS = {
    "legal_page": "mentions-legales",
    "privacy_page": "donnees-personnelles",
    "accessibility_page": "accessibilite",
    "news_page": "actualites",
    "agenda_page": "agenda",
    "centres_page": "telecentres",
}


def seed_site_links():
    """Fills the links not chosen yet with the demo pages; an editor's choice stays.
    Returns how many were filled."""
    from .models import SiteLinks

    links = SiteLinks.load()
    filled = 0
    for name, slug in DEMO_SLUGS.items():
        if getattr(links, f"{name}_id"):
            continue
        model = SiteLinks._meta.get_field(name).related_model
        page = model.objects.filter(slug=slug).first()
        if page is not None:
            setattr(links, name, page)
            filled += 1
    if filled:
        links.save()
    return filled
