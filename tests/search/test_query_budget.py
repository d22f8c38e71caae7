"""A directory search costs a bounded number of SQL queries, on both backends, and the
same number whatever the number of profiles (no query per result or per facet value)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.conftest import index_now

BUDGET = 8
SEARCHES = [
    {"q": "développeur"},
    {"q": "traductrice anglais"},
    {"q": "devloppeur"},  # corrected: a second search
    {"skill": "python"},
    {"skill": ["python", "django"]},
    {"commune": "Aurillac", "radius_km": "20"},
    {"commune": "15000"},
    {"q": "python", "commune": "Aurillac", "radius_km": "30", "available": "1"},
    {"telecentre": "aurillac", "available": "1"},
    {},
]


def _counts(client):
    counts = []
    for params in SEARCHES:
        client.get("/api/v1/directory/", params)  # warm: the cached vocabulary and labels
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/directory/", params)
        assert response.status_code == 200, response.content
        counts.append(len(queries))
    return counts


def _more_people(n):
    from directory.factories import ProfileFactory
    from home.models import Commune, TelecentrePage

    aurillac = Commune.lookup("15014")
    centre = TelecentrePage.objects.get(slug="aurillac")
    for i in range(n):
        ProfileFactory(
            display_name=f"Développeuse n° {i}",
            headline="Développeuse Python",
            skills=["Python", "Django", f"Compétence {i}"],
            commune=aurillac,
            telecentre=centre,
        )


def test_a_directory_search_takes_at_most_8_queries_at_any_size(
    people, client, django_capture_on_commit_callbacks
):
    small = _counts(client)
    with django_capture_on_commit_callbacks(execute=False):
        _more_people(45)
    index_now()
    large = _counts(client)
    report = {str(params): (s, n) for params, s, n in zip(SEARCHES, small, large, strict=True)}
    assert all(max(sizes) <= BUDGET for sizes in report.values()), report
    assert small == large, f"queries grow with profiles: {report}"


@pytest.mark.parametrize("params", [{"q": "développeur"}, {"commune": "15000"}])
def test_the_directory_page_takes_at_most_10_queries(people, client, params):
    client.get("/annuaire/", params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/annuaire/", params)
    assert response.status_code == 200
    assert len(queries) <= 10, "\n".join(q["sql"][:100] for q in queries)


@pytest.mark.parametrize("query", ["python", "Aurillac"])
def test_the_site_search_takes_at_most_10_queries_with_profiles_found(
    people, pages_indexed, client, settings, query
):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/recherche/", {"q": query})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert response.context["profiles"]["items"]  # freelancers found, with their cards
    assert len(queries) <= 10, "\n".join(q["sql"][:100] for q in queries)
