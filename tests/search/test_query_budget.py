"""A directory search costs a bounded number of SQL queries, on both backends."""

import pytest

SEARCHES = [
    {"q": "développeur"},
    {"q": "traductrice anglais"},
    {"skill": "python"},
    {"commune": "Aurillac", "radius_km": "20"},
    {"q": "python", "commune": "Aurillac", "radius_km": "30", "available": "1"},
    {"telecentre": "aurillac", "available": "1"},
    {},
]


@pytest.mark.parametrize("params", SEARCHES)
def test_a_search_through_the_api_takes_at_most_8_queries(
    people, client, params, django_assert_max_num_queries
):
    client.get("/api/v1/directory/", params)  # warm: the session, the cached vocabulary
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/directory/", params)
    assert response.status_code == 200
