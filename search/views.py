"""Search pages and endpoints: ``/recherche/``, ``/api/v1/directory/``, ``/api/v1/skills/``.

``/annuaire/`` (directory.views) uses ``directory_context`` below. None of these views
knows which backend answers: ``search.directory.get_backend()`` and
``wagtail.search.backends.get_search_backend()`` decide from the settings.
"""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from . import directory
from .analysis import Synonyms, highlight_words, query_terms
from .query import clean_query_string

logger = logging.getLogger(__name__)

JSON_OPTIONS = {"json_dumps_params": {"ensure_ascii": False}}


def _json(data, status=200):
    response = JsonResponse(data, status=status, **JSON_OPTIONS)
    response["Cache-Control"] = "no-store" if status >= 400 else "max-age=60"
    return response


def _invalid(exc):
    return _json(
        {
            "detail": "Paramètres de recherche invalides. " + " ".join(exc.errors.values()),
            "errors": exc.errors,
        },
        status=400,
    )


# ---------------------------------------------------------------------------
# The directory


@require_GET
def directory_api(request):
    """``/api/v1/directory/``: the directory's search as JSON (DESIGN.md)."""
    try:
        params = directory.SearchParams.from_query(request.GET)
    except directory.InvalidSearch as exc:
        return _invalid(exc)
    return _json(directory.search(params).as_json())


@require_GET
def skills_api(request):
    """``/api/v1/skills/?prefix=dév``: skills of public profiles, for the search box."""
    prefix = clean_query_string(request.GET.get("prefix", ""), 100)
    skills = directory.suggest_skills(prefix) if prefix else []
    return _json(
        {"prefix": prefix, "skills": [{"name": name, "slug": slug} for name, slug in skills]}
    )


RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]


def directory_context(request):
    """What ``/annuaire/`` shows: the search form, the results, the facets, in a fixed
    number of queries. Returns (context, status)."""
    try:
        params = directory.SearchParams.from_query(request.GET)
        errors = {}
    except directory.InvalidSearch as exc:
        errors = exc.errors
        cleaned = request.GET.copy()
        for key in errors:
            cleaned.pop(key, None)
        params = directory.SearchParams.from_query(cleaned)
    params.photos = True
    results = directory.search(params)
    selected_skills = {skill.slug for skill in params.skills}
    facets = results.facets
    for item in facets.get("skills", []):
        item["selected"] = item["slug"] in selected_skills
    # Selected skills stay visible (and can be unticked) even with no count left.
    listed = {item["slug"] for item in facets.get("skills", [])}
    for skill in params.skills:
        if skill.slug not in listed:
            facets["skills"].insert(
                0,
                {
                    "value": skill.name,
                    "slug": skill.slug,
                    "label": skill.name,
                    "count": 0,
                    "selected": True,
                },
            )
    commune_value = request.GET.get("commune", "").strip() if "commune" not in errors else ""
    for item in facets.get("communes", []):
        item["selected"] = params.commune is not None and item["insee"] == params.commune.insee
    for item in facets.get("telecentres", []):
        item["selected"] = params.telecentre is not None and item["value"] == params.telecentre.slug
    query = [
        (key, value)
        for key, values in request.GET.lists()
        if key != "page" and key not in errors
        for value in values
    ]
    available_count = next(
        (item["count"] for item in facets.get("available", []) if item["value"]), 0
    )
    context = {
        "results": results,
        "profiles": results.profiles,
        "params": params,
        "facets": facets,
        "errors": errors,
        "q": params.q,
        "commune_value": commune_value,
        "radius_value": request.GET.get("radius_km", "") if "radius_km" not in errors else "",
        "radius_choices": RADIUS_CHOICES,
        "available_count": available_count,
        "filtered": params.active(),
        # what the folded filters' summary counts (the words box stays outside the fold)
        "active_filters": len(params.skills)
        + sum(1 for value in (params.commune, params.telecentre, params.available) if value),
        "pagination_query": urlencode(query),
        "page_obj": _PageInfo(results),
    }
    return context, 400 if errors else 200


class _PageInfo:
    """What ``includes/pagination.html`` reads from a Django ``Page``."""

    def __init__(self, results):
        self.number = results.params.page
        self.paginator = type("P", (), {"num_pages": results.num_pages, "count": results.total})()

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


# ---------------------------------------------------------------------------
# Site search

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
            "more_url": "/annuaire/?" + urlencode({"q": query_string}),
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
