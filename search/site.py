"""``/recherche/?q=``: the site search, pages and public profiles grouped by kind."""

import functools
import logging
from collections import namedtuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from portal import i18n, listing_cache, page_cache
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


# A page found: what choosing between translations and reading its result need.
Hit = namedtuple("Hit", ["pk", "content_type_id", "locale_id", "translation_key"])


def _sqlite_stemmed_pages(terms, locales):
    """The public pages (``Hit``) whose indexed words start with each term of the query,
    best first.

    Wagtail's database backend on SQLite matches whole words, unstemmed: "formations"
    misses "formation". Its FTS5 table folds accents (unicode61); a prefix query on the
    French analyser's terms ("format*") matches the inflections, like the stemming of the
    other backends. The terms are letters and digits only: nothing to escape. Which pages
    are public is ``_public_pages``' own SQL, as a subquery."""
    from wagtail.search.models import IndexEntry

    table = IndexEntry._meta.db_table
    pages = Page._meta.db_table
    match = " AND ".join(f"{term}*" for term in terms)
    public, public_params = _public_pages(Page.objects.all()).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.content_type_id, p.locale_id, p.translation_key "  # noqa: S608
            f"FROM {table}_fts f JOIN {table} e ON e.id = f.rowid "
            # a page's entry has the page's own type (an image's id may be a page's)
            f"JOIN {pages} p ON p.id = e.object_id AND p.content_type_id = e.content_type_id "
            f"WHERE {table}_fts MATCH %s AND p.locale_id IN ({', '.join(['%s'] * len(locales))}) "
            f"AND p.id IN ({public}) "
            f"ORDER BY bm25({table}_fts, 1.0, 1.0, 4.0) LIMIT %s",
            [match, *locales, *public_params, PAGE_LIMIT * 4],
        )
        return [Hit(*row) for row in dict.fromkeys(cursor.fetchall())]


def _found_pages(query_string, locales):
    """The first ``PAGE_LIMIT`` public pages of ``locales`` matching the words, best first,
    as ``Hit`` rows (no page object, no query of their own), on the configured backend; the
    database backend answers when Elasticsearch does not."""
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        # Imported on SQLite only: the module loads a model PostgreSQL's schema lacks.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            terms = query_terms(query_string)
            found = _sqlite_stemmed_pages(terms, locales) if terms else []
            return [hit for hit in found if _page_model(hit.content_type_id)][:PAGE_LIMIT]
    queryset = _public_pages(Page.objects.filter(locale__in=locales))
    try:
        found = list(backend.search(query_string, queryset)[:PAGE_LIMIT])
    except Exception as exc:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("page search answered by the database backend: %s", exc)
        found = list(get_search_backend("fallback").search(query_string, queryset)[:PAGE_LIMIT])
    return [
        Hit(page.pk, page.content_type_id, page.locale_id, page.translation_key)
        for page in found
        if _page_model(page.content_type_id)
    ]


def _public_pages(pages):
    """Live pages outside restricted sections, but the root (view restrictions from the
    cache: no query)."""
    return pages.live().exclude(private_q()).exclude(depth__lte=1)


def _page_model(content_type_id):
    """The page model of a content type (cached by Django: no query), or ``None``."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None and issubclass(model, Page) else None


def _results(request, hits, term_set):
    """``{pk: result}`` for ``hits``: each page type's results are a stored listing of
    their own (``portal.listing_cache``), kept while that type's pages are unchanged. The
    first search after a news item's publish renders its news results again, not the
    communes' or the centres'."""
    ids_by_type = {}
    for hit in hits:
        ids_by_type.setdefault(hit.content_type_id, []).append(hit.pk)
    results = {}
    for content_type_id, ids in ids_by_type.items():
        model = _page_model(content_type_id)
        results.update(
            listing_cache.cached_listing(
                request,
                "search-pages",
                functools.partial(_type_results, request, model, ids, term_set),
                model._meta.label_lower,
                sorted(ids),
            )
        )
    return results


def _type_results(request, model, ids, term_set):
    """``{pk: result}`` for these pages of ``model``: title, address and excerpt (search
    description, or else introduction), highlighted; one query, StreamFields never read."""
    # The words highlighted follow the skills' synonyms, read from the search's cache.
    page_cache.depends_on("directory")
    fields = ["pk", "title", "url_path", "search_description"]
    if any(field.name == "introduction" for field in model._meta.fields):
        fields.append("introduction")
    results = {}
    for row in model._base_manager.filter(pk__in=ids).values(*fields).order_by():
        # a page object with its address only, for Wagtail's get_url (the site's root
        # paths read once per request)
        url = Page.from_db(None, ["id", "url_path"], (row["pk"], row["url_path"])).get_url(request)
        excerpt = row["search_description"] or row.get("introduction", "")
        results[row["pk"]] = {
            "title": row["title"],
            "title_html": highlight(row["title"], term_set, prefixes=True),
            "url": url,
            "excerpt": highlight(excerpt, term_set, prefixes=True),
            "kind": model._meta.label_lower,
        }
    return results


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
        languages = {translation.get_language() or i18n.default_language()}
        languages.add(i18n.default_language())  # one language, one locale read
        locales = sorted({i18n.locale_id(language) for language in languages} - {None})
        hits = _found_pages(query_string, locales)
        kept = i18n.one_per_translation({hit.pk: hit for hit in hits})
        hits = [hit for hit in hits if hit.pk in kept]
        results = _results(request, hits, term_set)
        for hit in hits:
            result = results.get(hit.pk)
            if result is None or result["url"] in promoted:
                continue
            kind = labels.get(result["kind"], OTHER_PAGES)
            by_kind.setdefault(kind, []).append(result)
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
