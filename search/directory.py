"""The directory's search: one interface, two backends (``search.backends``).

    form = DirectorySearchForm(request.GET)           # search.forms
    params = form.params()                            # SearchParams
    results = search(params)                          # Results: profiles, total, facets, backend

Both backends take the same parameters, match the same terms (``search.analysis``, with
the trades of ``directory.Occupation``), correct typos alike (``search.corrections``),
score alike, filter alike and count facets alike. See docs/search.md.
"""

from __future__ import annotations

from typing import Any

from portal import page_cache

from .backends import get_backend
from .forms import DirectorySearchForm
from .params import Results, SearchParams
from .ways_out import ways_out

__all__ = ["DirectorySearchForm", "Results", "SearchParams", "search", "suggest_skills"]


def search(params: SearchParams, facets: bool = True, explain_empty: bool = False) -> Results:
    """Searches the directory. With ``explain_empty``, an empty result carries the ways
    out of it (``Results.suggestions``: corrected words, related skills, a wider radius, a
    filter removed), each with its count."""
    # Counts and words may come from the search's own caches, not SQL: a page showing
    # the answer depends on the directory all the same (``portal.page_cache``).
    page_cache.depends_on("directory")
    backend = get_backend()
    results = backend.search(params, facets=facets)
    if explain_empty and not results.total and params.active():
        results.suggestions = ways_out(backend, params, results)
    return results


def suggest_skills(prefix: str, limit: int = 10) -> list[tuple[str, str]]:
    """Skills of public profiles starting with ``prefix`` (or one of their words):
    [(name, slug)]."""
    page_cache.depends_on("directory")
    return get_backend().suggest(prefix, limit)


def search_query(query: Any, **kwargs: Any) -> Results:
    """Searches from a query string (tests, scripts); raises ValueError if invalid."""
    form = DirectorySearchForm(query)
    if not form.is_valid():
        raise ValueError(form.error_messages())
    return search(form.params(), **kwargs)
