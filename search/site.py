"""``/recherche/?q=``: the site search, pages and public profiles grouped by kind."""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from . import directory
from .analysis import Synonyms, highlight_words, query_terms
from .query import clean_query_string

logger = logging.getLogger(__name__)

PAGE_LIMIT = 40
PROFILE_LIMIT = 6


def _page_backend_search(query_string, queryset):
    """Pages matching the words, best first, on the configured backend; the database
    backend answers when Elasticsearch does not."""
    try:
        return list(get_search_backend().search(query_string, queryset)[:PAGE_LIMIT])
    except Exception as exc:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("page search answered by the database backend: %s", exc)
        return list(get_search_backend("fallback").search(query_string, queryset)[:PAGE_LIMIT])


def highlight(text, term_set, length=240):
    """An excerpt of ``text`` with the words the query asked for in <mark>."""
    text = " ".join((text or "").split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", piece) if matched else piece,)
            for piece, matched in highlight_words(text, term_set)
        ),
    )


def _excerpt(page):
    for name in ("search_description", "introduction"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""


def site_search(request):
    """``/recherche/?q=``: pages and approved profiles, grouped by kind, promoted
    results first."""
    query_string = clean_query_string(request.GET.get("q", ""))
    groups, promotions, profiles = [], [], None
    if query_string:
        term_set = set(query_terms(query_string, Synonyms.from_database()))
        query = Query.objects.filter(query_string=normalise_query_string(query_string)).first()
        if query is not None:
            promotions = [
                {
                    "title": pick.title,
                    "url": pick.page.url if pick.page else pick.external_link_url,
                    "description": pick.description,
                }
                for pick in query.editors_picks.select_related("page").order_by("sort_order")
                if pick.page is None or pick.page.live
            ]
        pages = _page_backend_search(
            query_string, Page.objects.live().public().exclude(depth__lte=1)
        )
        specific = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
        by_pk = {page.pk: page for page in specific}
        by_kind = {}
        promoted = {item["url"] for item in promotions}
        for page in pages:
            page = by_pk.get(page.pk)
            if page is None or page.url in promoted:
                continue
            kind = str(page._meta.verbose_name_plural)
            by_kind.setdefault(kind, []).append(
                {
                    "title": page.title,
                    "title_html": highlight(page.title, term_set),
                    "url": page.url,
                    "excerpt": highlight(_excerpt(page), term_set),
                }
            )
        groups = [{"kind": kind, "items": items} for kind, items in by_kind.items()]
        found = directory.search(
            directory.SearchParams(q=query_string, per_page=PROFILE_LIMIT), facets=False
        )
        profiles = {
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
