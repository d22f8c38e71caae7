"""``/recherche/?q=``: the site search, pages and public profiles grouped by kind."""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from portal import i18n, listing_cache
from portal.pages import private_q

from . import directory
from .analysis import highlight_words, query_terms
from .backends.base import synonyms
from .query import clean_query_string

logger = logging.getLogger(__name__)

PAGE_LIMIT = 40
PROFILE_LIMIT = 6
PROMOTED_CACHE_KEY = "search:site:promoted-queries"


# The groups of the results, in this order, with their French labels; any other page
# type goes to "Pages".
GROUPS = [
    ("home.telecentrepage", _("Télécentres")),
    ("home.newspage", _("Actualités")),
    ("events.eventpage", _("Événements")),
    ("training.trainingcoursepage", _("Formations")),
    ("home.communepage", _("Communes")),
]
OTHER_PAGES = _("Pages")


def _sqlite_stemmed_pages(terms, locales):
    """(page id, content type id) of the pages whose indexed words start with each term of
    the query, best first.

    Wagtail's database backend on SQLite matches whole words, unstemmed: "formations"
    misses "formation". Its FTS5 table folds accents (unicode61); a prefix query on the
    French analyser's terms ("format*") matches the inflections, like the stemming of the
    other backends. The terms are letters and digits only: nothing to escape."""
    from wagtail.search.models import IndexEntry

    table = IndexEntry._meta.db_table
    pages = Page._meta.db_table
    match = " AND ".join(f"{term}*" for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.content_type_id FROM {table}_fts f "  # noqa: S608
            f"JOIN {table} e ON e.id = f.rowid "
            # a page's entry has the page's own type (an image's id may be a page's)
            f"JOIN {pages} p ON p.id = e.object_id AND p.content_type_id = e.content_type_id "
            f"WHERE {table}_fts MATCH %s AND p.locale_id IN ({', '.join(['%s'] * len(locales))}) "
            f"ORDER BY bm25({table}_fts, 1.0, 1.0, 4.0) LIMIT %s",
            [match, *locales, PAGE_LIMIT * 4],
        )
        return list(dict.fromkeys(cursor.fetchall()))


def _found_pages(query_string, locales):
    """(page id, content type id) of the pages of ``locales`` matching the words, best
    first, on the configured backend; the database backend answers when Elasticsearch does
    not."""
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        # Imported on SQLite only: the module loads a model PostgreSQL's schema lacks.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            terms = query_terms(query_string)
            return _sqlite_stemmed_pages(terms, locales) if terms else []
    queryset = _public_pages(Page.objects.filter(locale__in=locales))
    try:
        found = list(backend.search(query_string, queryset)[:PAGE_LIMIT])
    except Exception as exc:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("page search answered by the database backend: %s", exc)
        found = list(get_search_backend("fallback").search(query_string, queryset)[:PAGE_LIMIT])
    return [(page.pk, page.content_type_id) for page in found]


def _public_pages(pages):
    """Live pages outside restricted sections, but the root (view restrictions from the
    cache: no query)."""
    return pages.live().exclude(private_q()).exclude(depth__lte=1)


def _specific_pages(found):
    """The public pages among ``found`` as their own types, in the same order: one query
    per page type (the type is known from the search), StreamFields left out."""
    by_type = {}
    for pk, content_type_id in found:
        by_type.setdefault(content_type_id, []).append(pk)
    pages = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not issubclass(model, Page):
            continue
        # without their StreamFields: a result shows its title, address and excerpt only
        found_pages = _public_pages(model.objects.filter(pk__in=ids)).defer_streamfields()
        pages.update((page.pk, page) for page in found_pages)
    return [pages[pk] for pk, _type in found if pk in pages][:PAGE_LIMIT]


def _promotions(query_string):
    """The editors' picks for this query: no query at all for a query that has none (the
    promoted queries are cached until a pick changes)."""
    normalised = normalise_query_string(query_string)
    promoted = cache.get(PROMOTED_CACHE_KEY)
    if promoted is None:
        promoted = set(SearchPromotion.objects.values_list("query__query_string", flat=True))
        cache.set(PROMOTED_CACHE_KEY, promoted, None)
    if normalised not in promoted:
        return []
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    return [
        {
            "title": pick.title,
            "url": pick.page.url if pick.page else pick.external_link_url,
            "description": pick.description,
        }
        for pick in picks
        if pick.page is None or pick.page.live
    ]


def forget_promotions():
    cache.delete(PROMOTED_CACHE_KEY)


def highlight(text, term_set, length=240, prefixes=False):
    """An excerpt of ``text`` with the words the query asked for in <mark>."""
    text = " ".join((text or "").split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", piece) if matched else piece,)
            for piece, matched in highlight_words(text, term_set, prefixes)
        ),
    )


def _excerpt(page):
    for name in ("search_description", "introduction"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


def _profiles(query_string, term_set):
    """The approved profiles found, as the results list shows them."""
    found = directory.search(
        directory.SearchParams(q=query_string, per_page=PROFILE_LIMIT), facets=False
    )
    return {
        "total": found.total,
        "backend": found.backend,
        "items": [
            {
                "title": profile.display_name,
                "title_html": highlight(profile.display_name, term_set),
                "url": profile.get_absolute_url(),
                "excerpt": highlight(
                    profile.headline + " — " + ", ".join(profile.skill_names()), term_set
                ),
            }
            for profile in found.profiles
        ],
        "more_url": reverse("search:directory") + "?" + urlencode({"q": query_string}),
    }


def site_search(request):
    """``/recherche/?q=``: pages and approved profiles, grouped by kind, promoted
    results first."""
    query_string = clean_query_string(request.GET.get("q", ""))
    groups, promotions, profiles = [], [], None
    if query_string:
        term_set = set(query_terms(query_string, synonyms()))
        promotions = _promotions(query_string)
        by_kind = {}
        labels = dict(GROUPS)
        promoted = {item["url"] for item in promotions}
        # The active language's pages, and the default language's (what exists only in
        # French); a page found in both languages is shown once, in the active one.
        locales = sorted({i18n.locale_id(), i18n.locale_id(i18n.default_language())} - {None})
        found = _specific_pages(_found_pages(query_string, locales))
        kept = i18n.one_per_translation({page.pk: page for page in found})
        for page in (page for page in found if page.pk in kept):
            url = page.get_url(request)  # the site's root paths read once per request
            if url in promoted:
                continue
            kind = labels.get(page._meta.label_lower, OTHER_PAGES)
            by_kind.setdefault(kind, []).append(
                {
                    "title": page.title,
                    "title_html": highlight(page.title, term_set, prefixes=True),
                    "url": url,
                    "excerpt": highlight(_excerpt(page), term_set, prefixes=True),
                }
            )
        order = [label for _model, label in GROUPS] + [OTHER_PAGES]
        groups = [{"kind": str(kind), "items": by_kind[kind]} for kind in order if kind in by_kind]
        # Profiles do not follow pages: kept apart while the directory is unchanged.
        profiles = listing_cache.cached_listing(
            request, "search-profiles", lambda: _profiles(query_string, term_set)
        )
    return render(
        request,
        "search/site_search.html",
        {
            "q": query_string,
            "groups": groups,
            "promotions": promotions,
            "profiles": profiles,
            "total": sum(len(group["items"]) for group in groups)
            + len(promotions)
            + (profiles["total"] if profiles else 0),
        },
    )
