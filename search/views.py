"""Search pages and endpoints: ``/annuaire/``, ``/api/v1/directory/``, ``/api/v1/skills/``,
``/recherche/`` (``search.site``).

None of these views knows which backend answers: ``search.backends.get_backend()`` and
``wagtail.search.backends.get_search_backend()`` decide from the settings.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.listing_cache import lazy

from . import directory
from .forms import DirectorySearchForm
from .query import clean_query_string
from .site import site_search  # noqa: F401 (the /recherche/ view)

JSON_OPTIONS = {"json_dumps_params": {"ensure_ascii": False}}
RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]


def _json(data, status=200):
    response = JsonResponse(data, status=status, **JSON_OPTIONS)
    response["Cache-Control"] = "no-store" if status >= 400 else "max-age=60"
    return response


# ---------------------------------------------------------------------------
# The directory


@require_GET
def directory_api(request):
    """``/api/v1/directory/``: the directory's search as JSON (DESIGN.md)."""
    form = DirectorySearchForm(request.GET)
    if not form.is_valid():
        errors = form.error_messages()
        return _json(
            {
                "detail": _("Paramètres de recherche invalides.") + " " + " ".join(errors.values()),
                "errors": errors,
            },
            status=400,
        )
    return _json(directory.search(form.params()).as_json())


@require_GET
def skills_api(request):
    """``/api/v1/skills/?prefix=dév``: skills of public profiles, for the search box."""
    prefix = clean_query_string(request.GET.get("prefix", ""), 100)
    skills = directory.suggest_skills(prefix) if prefix else []
    return _json(
        {"prefix": prefix, "skills": [{"name": name, "slug": slug} for name, slug in skills]}
    )


_FOUND = ("results", "profiles", "facets", "available_count", "page_obj")


def directory_index(request):
    """``/annuaire/``: the directory's search (words, facets, distance, availability), the
    same engine as ``/api/v1/directory/``. What is not understood is said, its text kept
    in its box, and left out of the search. The results are read when the template shows
    them, inside its stored listings (``portal.listing_cache``): a page past the last is a
    404 then."""
    context, status = directory_context(request)
    return render(request, "directory/profile_list.html", context, status=status)


def _found(params, errors):
    """The search's results and facets, with what the page marks selected."""
    results = directory.search(params, explain_empty=True)
    if not errors and params.page > results.num_pages:
        raise Http404
    facets = results.facets
    selected_skills = {skill.slug for skill in params.skills}
    for item in facets.get("skills", []):
        item["selected"] = item["slug"] in selected_skills
    # Selected skills stay visible (and can be unticked) even with no count left.
    listed = {item["slug"] for item in facets.get("skills", [])}
    for skill in params.skills:
        if skill.slug not in listed:
            facets.setdefault("skills", []).insert(
                0,
                {
                    "value": skill.name,
                    "slug": skill.slug,
                    "label": skill.name,
                    "count": 0,
                    "selected": True,
                },
            )
    selected_communes = {commune.insee for commune in params.communes()} if params.place else set()
    place_communes = {commune.insee for commune in params.place.communes} if params.place else set()
    for item in facets.get("communes", []):
        item["selected"] = item["insee"] in place_communes
        item["in_radius"] = item["insee"] in selected_communes
    for item in facets.get("telecentres", []):
        item["selected"] = params.telecentre is not None and item["value"] == params.telecentre.slug
    available_count = next(
        (item["count"] for item in facets.get("available", []) if item["value"]), 0
    )
    return {
        "results": results,
        "profiles": results.profiles,
        "facets": facets,
        "available_count": available_count,
        "page_obj": results.page_obj,
    }


def directory_context(request):
    """What ``/annuaire/`` shows: the form, the results (read lazily), the facets, the ways
    out of an empty result, in a bounded number of queries. Returns (context, status)."""
    form = DirectorySearchForm(request.GET, radius_needs_commune=False)
    form.is_valid()
    errors = form.error_messages()
    params = form.params(ignore_errors=True)
    params.photos = True
    found = lazy(request, lambda: _found(params, errors))
    query = [
        (key, value)
        for key, values in request.GET.lists()
        if key != "page" and key not in errors
        for value in values
    ]
    radius_value = request.GET.get("radius_km", "").strip()
    if "radius_km" in errors or not radius_value:
        radius_value = "" if params.radius_km is None else f"{params.radius_km:g}"
    context = {
        "form": form,
        **{key: lazy(request, lambda key=key: found[key]) for key in _FOUND},
        "params": params,
        "errors": errors,
        "q": params.q,
        "commune_value": request.GET.get("commune", "").strip()[:100],
        "radius_value": radius_value if params.place is not None else "20",
        "radius_choices": RADIUS_CHOICES,
        "filtered": params.active(),
        # what the folded filters' summary counts (the words box stays outside the fold)
        "active_filters": len(params.skills)
        + sum(1 for value in (params.place, params.telecentre, params.available) if value)
        + (1 if "commune" in errors else 0),
        "pagination_query": urlencode(query),
    }
    return context, 400 if errors else 200
