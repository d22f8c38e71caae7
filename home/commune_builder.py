"""Creates or updates the commune pages from the communes table (``build_communes``).

Idempotent: a page is written only when one of its generated fields (title, commune,
summary) differs from what the data gives, so a second run changes nothing and adds no
revision. Editors' fields (introduction, image, body, promote settings) are never
touched: the live page is updated from the database, not from a revision, and when an
editor has a draft in progress the draft is saved again on top with the same generated
values, so the next publish neither loses the editor's work nor undoes the update.
Revisions are published through Wagtail, so its publish signals (page cache, search
index) fire as for an editor's publish.
"""

from django.db import transaction

from wagtail.models import Page

from .models import Commune, HomePage
from .models.commune_pages import CommuneIndexPage, CommunePage, centres_by_distance, summary_for

INDEX_SLUG = "communes"


def ensure_index(home=None):
    """The ``/communes/`` page (of the default locale), created under the home page if
    missing."""
    from wagtail.models import Locale

    index = CommuneIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is not None:
        return index, False
    home = home or HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        raise RuntimeError("No home page: run seed_demo (or create the home page) first.")
    index = CommuneIndexPage(
        title="Les communes du Cantal",
        slug=INDEX_SLUG,
        introduction=(
            "Les 246 communes du département : pour chacune, le télécentre le plus proche, les "
            "indépendants qui y travaillent et les rendez-vous à moins de 30 km."
        ),
        show_in_menus=False,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def _generated(commune, centres):
    return {"title": commune.name, "summary": summary_for(commune, centres)}


def _apply(page, values):
    for name, value in values.items():
        setattr(page, name, value)


def build(stdout=None, communes=None, progress=True):
    """Builds the pages; returns ``{"created", "updated", "unchanged"}``.

    ``communes``: a queryset or list of communes to build (default: all of them).
    """
    from portal.progress import Progress

    index, _new = ensure_index()
    communes = list(communes if communes is not None else Commune.objects.order_by("name"))
    existing = {
        page.commune_id: page
        for page in CommunePage.objects.child_of(index).select_related("commune")
    }
    taken = set(
        Page.objects.child_of(index)
        .exclude(pk__in=[p.pk for p in existing.values()])
        .values_list("slug", flat=True)
    )
    all_centres = centres_by_distance(45.0, 2.5)  # one query; sorted again per commune
    bar = Progress(len(communes), stdout, "communes ") if (stdout and progress) else None
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for commune in communes:
        centres = _sorted_centres(all_centres, commune)
        values = _generated(commune, centres)
        page = existing.get(commune.pk)
        with transaction.atomic():
            if page is None:
                _create(index, commune, values, taken)
                counts["created"] += 1
            elif _update(page, values):
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if bar:
            bar.advance(1)
    if bar:
        bar.finish()
    return counts


def _sorted_centres(centres, commune):
    from .geo import haversine_km

    for centre in centres:
        centre.distance_km = haversine_km(
            commune.latitude, commune.longitude, centre.latitude, centre.longitude
        )
    return sorted(centres, key=lambda centre: (centre.distance_km, centre.title))


def _create(index, commune, values, taken):
    slug, number = commune.slug, 1
    while slug in taken:
        number += 1
        slug = f"{commune.slug}-{number}"
    taken.add(slug)
    page = CommunePage(commune=commune, slug=slug, **values)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _update(page, values):
    """Writes the generated values when they changed; True if the page was written."""
    live_changed = any(getattr(page, name) != value for name, value in values.items())
    draft = None
    if page.has_unpublished_changes and page.live:
        draft = page.get_latest_revision_as_object()
        if all(getattr(draft, name) == value for name, value in values.items()):
            draft = None  # the editor's draft already has them
    if not live_changed and draft is None:
        return False
    if live_changed:
        page = CommunePage.objects.get(pk=page.pk)  # the live version, as in the database
        _apply(page, values)
        page.save_revision(log_action=True).publish()
    if draft is not None:
        _apply(draft, values)
        draft.save_revision(log_action=True)
    return True
