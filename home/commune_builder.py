"""Creates or updates the commune pages from the communes table (``build_communes``).

Idempotent: a page is written only when one of its generated fields (title, commune,
summary) differs from what the data gives, so a second run changes nothing and adds no
revision. Editors' fields (introduction, image, body, promote settings) are never
touched: the live page is updated from the database, not from a revision, and when an
editor has a draft in progress the draft is saved again on top with the same generated
values, so the next publish neither loses the editor's work nor undoes the update.
Revisions are published through Wagtail, so its publish signals (page cache, search
index) fire as for an editor's publish.

Each other language whose home page exists (English, ``/en/``) gets its own index (a
translation of the French one, made by Wagtail's copy for translation) and pages whose
generated parts are written in that language. They are created in bulk, live, without a
first revision (a revision and a publish per page would double the build's time); their
updates then go through revisions like the French ones.
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from .models import Commune, HomePage
from .models.commune_pages import CommuneIndexPage, CommunePage, centres_by_distance, summary_for

INDEX_SLUG = "communes"


def ensure_index(home=None, language=None):
    """The ``/communes/`` page of ``language`` (the default one by default), created if
    missing: under the home page for the default language, as a translation of the default
    language's index for another (``None`` when that language has no home page)."""
    default = Locale.get_default()
    locale = Locale.objects.get(language_code=language) if language else default
    index = CommuneIndexPage.objects.filter(locale=locale).first()
    if index is not None:
        return index, False
    if locale != default:
        source, _new = ensure_index()
        if not HomePage.objects.filter(locale=locale).exists():
            return None, False
        index = source.copy_for_translation(locale)
        with translation.override(locale.language_code):
            index.title = _("Les communes du Cantal")
            index.draft_title = index.title
            index.introduction = _(
                "Les 246 communes du département : pour chacune, le télécentre le plus proche, "
                "les indépendants qui y travaillent et les rendez-vous à moins de 30 km."
            )
        index.save_revision().publish()
        return index, True
    home = home or HomePage.objects.filter(locale=default).first()
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


def languages():
    """The languages to build: the default one first, then each other locale."""
    default = Locale.get_default().language_code
    others = Locale.objects.exclude(language_code=default).order_by("language_code")
    return [default, *others.values_list("language_code", flat=True)]


def _generated(commune, centres):
    return {"title": commune.name, "summary": summary_for(commune, centres)}


def _apply(page, values):
    for name, value in values.items():
        setattr(page, name, value)


def build(stdout=None, communes=None, progress=True, language=None):
    """Builds the pages of ``language`` (the default one by default); returns
    ``{"created", "updated", "unchanged"}`` (``None`` when that language has no home page).

    ``communes``: a queryset or list of communes to build (default: all of them).
    """
    index, _new = ensure_index(language=language)
    if index is None:
        return None
    with translation.override(language or Locale.get_default().language_code):
        return _build(index, stdout, communes, progress)


def _build(index, stdout, communes, progress):
    from portal.progress import Progress

    translated = index.locale_id != Locale.get_default().pk
    sources = _sources(index) if translated else {}
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
    fresh = []
    bar = Progress(len(communes), stdout, "communes ") if (stdout and progress) else None
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for commune in communes:
        centres = _sorted_centres(all_centres, commune)
        values = _generated(commune, centres)
        page = existing.get(commune.pk)
        if page is None and translated:
            source = sources.get(commune.pk)
            if source is not None:
                fresh.append(_translation(index, source, values))
                counts["created"] += 1
        elif page is None:
            with transaction.atomic():
                _create(index, commune, values, taken)
            counts["created"] += 1
        else:
            with transaction.atomic():
                written = _update(page, values)
            if written:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if bar:
            bar.advance(1)
    _add_children(index, fresh)
    if bar:
        bar.finish()
    return counts


def _sources(index):
    """The default language's commune pages, by commune, for a translated index."""
    source = CommuneIndexPage.objects.filter(
        translation_key=index.translation_key, locale=Locale.get_default()
    ).first()
    if source is None:
        return {}
    return {page.commune_id: page for page in CommunePage.objects.child_of(source)}


def _translation(index, source, values):
    """A live translation of ``source`` with the generated values (not saved yet)."""
    now = timezone.now()
    return CommunePage(
        locale_id=index.locale_id,
        translation_key=source.translation_key,
        commune_id=source.commune_id,
        slug=source.slug,
        draft_title=values["title"],
        live=source.live,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        show_in_menus=False,
        **values,
    )


@transaction.atomic
def _add_children(index, pages):
    """The new translations under ``index``, in one transaction (one insert each)."""
    parent = CommuneIndexPage.objects.get(pk=index.pk)
    for page in pages:
        parent.add_child(instance=page)  # treebeard keeps parent.numchild in step


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
