"""``/annuaire/`` and ``/recherche/`` as visitors see them, on both backends."""

from urllib.parse import quote

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.conftest import index_now, refresh_pages


def test_directory_page_shows_search_box_facets_distance_and_cards(people, client, backend):
    response = client.get("/annuaire/", {"q": "python", "skill": "python"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q" value="python"' in html
    # Skill facets are checkboxes with counts; the chosen one is ticked.
    assert 'type="checkbox" name="skill" value="python" id="facet-skill-1" checked' in html
    assert 'Django <span class="facet__count">(1)</span>' in html
    assert 'name="radius_km"' in html and 'name="commune"' in html
    assert "2 indépendants" in html
    assert "Marc Lefèvre" in html and "Claire Martin" in html and "Sophie Bernard" not in html
    # Pagination links keep every choice.
    assert response.context["pagination_query"] == "q=python&skill=python"


def test_directory_filters_fold_and_say_how_many_are_active(people, client, backend):
    html = client.get("/annuaire/").content.decode()
    # the words box stays outside the fold; the facets fold (closed on phones, see fold.js)
    fold = html.index('<details class="filters-fold" data-fold>')
    assert html.index('name="q"') < fold < html.index('name="commune"')
    assert "Filtrer les résultats</summary>" in html
    assert "/static/js/fold.js" in html
    html = client.get(
        "/annuaire/", {"q": "python", "skill": "python", "commune": "Aurillac", "available": "1"}
    ).content.decode()
    assert (
        'Filtrer les résultats <span class="filters-fold__count">(3 filtres actifs)</span>' in html
    )


def test_directory_page_with_distance_shows_it_on_each_card(people, client, backend):
    html = client.get("/annuaire/", {"commune": "Aurillac", "radius_km": "10"}).content.decode()
    assert "à moins de 10 km de Aurillac" in html
    assert "(3,4 km)" in html or "(3.4 km)" in html


def test_directory_page_explains_a_parameter_it_cannot_use(people, client, backend):
    response = client.get("/annuaire/", {"commune": "Aurillac", "radius_km": "beaucoup"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Le rayon doit être un nombre de kilomètres" in html
    # The rest of the search still answers (the commune alone).
    assert "2 indépendants" in html


def _grow(count):
    from directory.factories import ProfileFactory

    for number in range(count):
        ProfileFactory(
            display_name=f"Renfort {number}",
            headline="Développeur Python",
            skills=["Python", f"Compétence rare {number}"],
        )
    index_now()


def test_query_counts_do_not_grow_with_the_number_of_profiles(
    people, client, backend, django_capture_on_commit_callbacks, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the rendering is counted, not the page cache
    urls = [
        ("/annuaire/", {"q": "python"}),
        ("/annuaire/", {"commune": "Aurillac", "radius_km": "30", "available": "1"}),
        ("/api/v1/directory/", {"q": "développeur", "skill": "python"}),
        ("/api/v1/directory/", {}),
    ]

    def counts():
        result = []
        for url, params in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            result.append(len(queries))
        return result

    counts()  # warm what is cached apart from the pages (menu, footer, site)
    before = counts()
    with django_capture_on_commit_callbacks(execute=False):
        _grow(12)
    # The index queue's write forgot the search's cached labels and facets: warm again.
    counts()
    assert counts() == before


# -- site search -------------------------------------------------------------------


def test_site_search_groups_pages_and_profiles_with_highlights(
    people, pages_indexed, client, backend
):
    response = client.get("/recherche/", {"q": "aurillac"})
    assert response.status_code == 200
    html = response.content.decode()
    kinds = [group["kind"] for group in response.context["groups"]]
    assert "Télécentres" in kinds
    titles = [item["title"] for group in response.context["groups"] for item in group["items"]]
    assert any("Aurillac" in title for title in titles)
    assert "<mark>" in html

    response = client.get("/recherche/", {"q": "developpeuse"})
    assert response.context["profiles"]["backend"] == backend
    assert "Claire Martin" in response.content.decode()
    assert "Paul Brouillon" not in response.content.decode()


@pytest.fixture
def every_kind(backend, small_site, settings):
    """A news item, an event and a course besides the small site's centres, then the pages
    indexed."""
    settings.PAGE_CACHE_ENABLED = False  # the tests read each response's context
    from events.factories import EventPageFactory
    from home.factories import NewsPageFactory
    from home.models import NewsIndexPage
    from training.factories import TrainingCoursePageFactory

    NewsPageFactory(parent=NewsIndexPage.objects.get(), title="Le réseau ouvre un télécentre")
    EventPageFactory(title="Apéro des indépendants de la Châtaigneraie")
    TrainingCoursePageFactory(title="Formation à la comptabilité des associations")
    call_command("update_index", verbosity=0)
    refresh_pages()


def test_site_search_groups_every_kind_under_its_french_label(people, every_kind, client, backend):
    """Centres, news, events, courses (and communes once they exist), each found by the
    words of its title, in its group; public profiles apart."""
    from django.apps import apps

    from search.site import GROUPS

    checked = []
    for label_lower, label in GROUPS:
        try:
            model = apps.get_model(label_lower)
        except LookupError:
            continue  # a kind the site does not have yet
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            continue
        word = max(page.title.replace("’", " ").replace("'", " ").split(), key=len)
        response = client.get("/recherche/", {"q": word.upper()})
        groups = {group["kind"]: group["items"] for group in response.context["groups"]}
        assert str(label) in groups, (label, word, list(groups))
        assert page.title in [item["title"] for item in groups[str(label)]], (label, word)
        checked.append(str(label))
    assert {"Télécentres", "Actualités", "Événements", "Formations"} <= set(checked)
    # French inflections: plurals find the singular on every backend.
    response = client.get("/recherche/", {"q": "formations associations"})
    groups = {group["kind"]: group["items"] for group in response.context["groups"]}
    assert "Formation à la comptabilité des associations" in [
        item["title"] for item in groups.get("Formations", [])
    ]
    # Freelancers of a centre are found by its name; only public ones.
    response = client.get("/recherche/", {"q": "aurillac"})
    found = [item["title"] for item in response.context["profiles"]["items"]]
    assert {"Claire Martin", "Marc Lefèvre"} <= set(found) and "Paul Brouillon" not in found


def test_site_search_highlights_only_the_words_that_matched(pages_indexed, client, backend):
    html = client.get("/recherche/", {"q": "télécentre"}).content.decode()
    marked = {piece.split("</mark>")[0].lower() for piece in html.split("<mark>")[1:]}
    assert marked and all(word.startswith(("telecentre", "télécentre")) for word in marked)


def test_site_search_shows_promoted_results_first(pages_indexed, client, backend):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Page

    page = Page.objects.live().filter(depth=3).order_by("path").first()
    SearchPromotion.objects.create(
        query=Query.get("cotisation"), page=page, description="Tout sur l’adhésion."
    )
    response = client.get("/recherche/", {"q": "Cotisation"})
    assert [item["title"] for item in response.context["promotions"]] == [page.title]
    html = response.content.decode()
    promoted = html.split('id="group-promoted"', 1)[1].split("</section>", 1)[0]
    assert page.title in promoted
    assert "Tout sur l’adhésion." in html


def test_site_search_without_words(client, small_site):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    "query, finds",
    [
        ('"aurillac', True),
        ('aurillac"', True),
        ('""aurillac""', True),
        ("aurillac\x01\x1b", True),
        ("aurillac*", True),
        ("(aurillac", True),
        ("{aurillac}", True),
        ("aurillac:", True),
        ("aurillac\\", True),
        # Operators are words like any other (on the database backend, words that no
        # page holds): no syntax error, whatever each backend finds.
        ("NEAR(aurillac", False),
        ("aurillac AND", False),
        ("aurillac OR NOT", False),
    ],
)
def test_site_search_reads_search_syntax_as_words(pages_indexed, client, backend, query, finds):
    """Quotes, operators and control characters are no syntax: the words still match
    (SQLite's FTS5 used to answer 500 to one double quote)."""
    response = client.get("/recherche/", QUERY_STRING="q=" + quote(query))
    assert response.status_code == 200
    titles = [item["title"] for group in response.context["groups"] for item in group["items"]]
    api = client.get("/api/v2/pages/", QUERY_STRING="search=" + quote(query))
    assert api.status_code == 200
    if finds:
        assert any("Aurillac" in title for title in titles)
        assert any("Aurillac" in item["title"] for item in api.json()["items"])


@pytest.mark.parametrize("query", ['"', '""', "\x01", " "])
def test_a_search_of_nothing_but_syntax_finds_nothing_and_says_so(
    pages_indexed, client, backend, query
):
    response = client.get("/recherche/", QUERY_STRING="q=" + quote(query))
    assert response.status_code == 200
    assert response.context["groups"] == []
    # The pages API ignores a blank search: every page, as without ``search``.
    api = client.get("/api/v2/pages/", QUERY_STRING="search=" + quote(query))
    assert api.status_code == 200
    assert (
        api.json()["meta"]["total_count"]
        == client.get("/api/v2/pages/").json()["meta"]["total_count"]
    )
