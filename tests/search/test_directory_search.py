"""The directory's search, as a business uses it, on both backends (same expectations).

Every test here runs twice: on the database backend and on Elasticsearch (see
conftest.backend), with the same expectations.
"""

import pytest

from home.geo import haversine_km


def names(answer):
    return [item["name"] for item in answer["results"]]


def facet(answer, kind):
    return {item["value"]: item["count"] for item in answer["facets"][kind]}


# -- French matching ------------------------------------------------------------


FRENCH_CASES = [
    ("developpeuse", "Claire Martin"),  # accents
    ("DÉVELOPPEUSE WEB", "Claire Martin"),  # case
    ("formations", "Jean Dubois"),  # plural of the skill "Formation"
    ("formateurs", "Jean Dubois"),
    ("développeur", "Marc Lefèvre"),
    ("traducteur", "Emma Roux"),  # "Traductrice"
    ("l'informatique", "Emma Roux"),  # elision
    ("visio", "Emma Roux"),  # curated synonym of "Visioconférence"
    ("graphistes", "Sophie Bernard"),
]


def test_french_words_match_without_accents_case_or_inflection(people, api, backend):
    missed = []
    for query, expected in FRENCH_CASES:
        answer = api(q=query)
        assert answer["backend"] == backend
        if expected not in names(answer):
            missed.append((query, expected, names(answer)))
    assert missed == []


def test_the_feminine_form_finds_the_masculine_and_back(people, api):
    assert {"Claire Martin", "Marc Lefèvre"} <= set(names(api(q="développeuse")))
    assert {"Claire Martin", "Marc Lefèvre"} <= set(names(api(q="developpeur")))


def test_every_word_must_match(people, api):
    assert names(api(q="développeuse web")) == ["Claire Martin"]
    assert names(api(q="graphiste comptable")) == []


def test_typos_are_corrected_the_same_way_on_every_backend(people, api, backend):
    answer = api(q="dévelopeuse")
    assert "Claire Martin" in names(answer)
    assert answer["corrections"] == {"dévelopeuse": "développeuse"}
    # Two letters off in a long word; one word right, one wrong.
    assert "Marc Lefèvre" in names(api(q="devlopeur"))
    assert names(api(q="graphsite"))[:1] == ["Sophie Bernard"]
    # A word that exists is never "corrected" into another.
    assert "corrections" not in api(q="python")


# -- ranking -------------------------------------------------------------------


def test_a_skill_ranks_above_a_mention_in_the_presentation(people, api):
    # Python is a skill of Marc and Claire; Sophie only mentions it in her presentation.
    assert names(api(q="python")) == ["Marc Lefèvre", "Claire Martin", "Sophie Bernard"]


def test_the_name_ranks_above_the_presentation(people, api):
    # "Martin" is Claire's name; Sophie's presentation mentions Saint-Martin-Valmeroux.
    assert names(api(q="martin")) == ["Claire Martin", "Sophie Bernard"]


def test_no_words_lists_everyone_newest_first(people, api):
    assert names(api()) == [profile.display_name for profile in people.public]


# -- visibility ----------------------------------------------------------------


def test_only_approved_visible_profiles_appear(people, api):
    hidden = {"Paul Brouillon", "Hugo Caché", "Léa Ancienne", "Noé Attente"}
    for params in (
        {},
        {"q": "python"},
        {"skill": "python"},
        {"commune": "Aurillac", "radius_km": "100"},
    ):
        answer = api(**params)
        assert not hidden & set(names(answer))
        assert answer["count"] == len(answer["results"])
    assert api(skill="python")["count"] == 2
    assert facet(api(), "skills")["Python"] == 2


def test_a_profile_hidden_before_the_index_catches_up_never_appears(people, api):
    # Hidden without a signal: its entry and its document still say it is public, as in
    # the moment between a change and the index's refresh.
    type(people.claire).objects.filter(pk=people.claire.pk).update(is_hidden=True)
    for params in ({"q": "développeuse web"}, {"commune": "Aurillac"}, {}):
        assert "Claire Martin" not in names(api(**params))
    assert "Marc Lefèvre" in names(api(commune="Aurillac"))


# -- filters, distance, facets -----------------------------------------------------


def test_skills_combine_with_and(people, api):
    assert names(api(skill=["python", "django"])) == ["Claire Martin"]
    assert names(api(skill=["Python", "Graphisme"])) == []  # names work too
    assert names(api(skill="développement mobile")) == ["Marc Lefèvre"]


def test_available_now(people, api):
    # Emma is available in a month, Jean not at all; Marc's date has passed.
    assert set(names(api(available="1"))) == {"Claire Martin", "Sophie Bernard", "Marc Lefèvre"}


def test_commune_and_radius_keep_the_nearest_with_their_distance(people, api):
    answer = api(commune="Aurillac", radius_km="10")
    assert names(answer) == [
        "Marc Lefèvre",
        "Claire Martin",
        "Sophie Bernard",
    ]  # nearest, then newest
    distances = {item["name"]: item["distance_km"] for item in answer["results"]}
    arpajon = people.sophie.commune
    aurillac = people.claire.commune
    expected = round(
        haversine_km(aurillac.latitude, aurillac.longitude, arpajon.latitude, arpajon.longitude), 1
    )
    assert distances == {"Marc Lefèvre": 0.0, "Claire Martin": 0.0, "Sophie Bernard": expected}
    # By INSEE code, and wider: Mauriac (33 km) comes in, Saint-Flour (52 km) not yet.
    assert set(names(api(commune="15014", radius_km="40"))) == {
        "Marc Lefèvre",
        "Claire Martin",
        "Sophie Bernard",
        "Emma Roux",
    }
    # Radius 0: the commune itself; no distance then.
    answer = api(commune="Saint-Flour", radius_km="0")
    assert names(answer) == ["Jean Dubois"] and answer["results"][0]["distance_km"] is None


def test_words_and_distance_combine(people, api):
    assert names(api(q="python", commune="Aurillac", radius_km="5")) == [
        "Marc Lefèvre",
        "Claire Martin",
        "Sophie Bernard",
    ]
    assert names(
        api(q="python", commune="Aurillac", radius_km="5", available="1", skill="django")
    ) == ["Claire Martin"]


def test_facet_counts_reflect_the_other_active_filters(people, api):
    everyone = api()
    assert facet(everyone, "skills")["Python"] == 2
    assert facet(everyone, "communes") == {
        "Aurillac": 2,
        "Arpajon-sur-Cère": 1,
        "Saint-Flour": 1,
        "Mauriac": 1,
    }
    assert facet(everyone, "telecentres") == {"aurillac": 2}
    assert facet(everyone, "available") == {True: 3, False: 2}

    python = api(skill="python")
    # Skills count within the results (adding one narrows them: AND)...
    assert facet(python, "skills") == {"Python": 2, "Django": 1, "Développement mobile": 1}
    assert facet(python, "communes") == {"Aurillac": 2}
    assert facet(python, "available") == {True: 2, False: 0}

    in_aurillac = api(commune="Aurillac", radius_km="0")
    # ...while a commune's own facet still offers the other communes.
    assert facet(in_aurillac, "communes") == facet(everyone, "communes")
    assert facet(in_aurillac, "skills")["Python"] == 2
    assert "Graphisme" not in facet(in_aurillac, "skills")

    available = api(available="1")
    assert facet(available, "available") == {True: 3, False: 2}
    assert facet(available, "communes") == {"Aurillac": 2, "Arpajon-sur-Cère": 1}


def test_facets_follow_the_words(people, api):
    answer = api(q="python")
    assert facet(answer, "skills")["Python"] == 2
    assert facet(answer, "skills")["Graphisme"] == 1
    assert "Formation" not in facet(answer, "skills")


def test_pagination(people, api, django_capture_on_commit_callbacks):
    from directory.factories import ProfileFactory

    with django_capture_on_commit_callbacks(execute=False):
        for number in range(20):
            ProfileFactory(
                display_name=f"Agent {number:02d}",
                headline="Télésecrétaire",
                skills=["Secrétariat"],
            )
    from tests.search.conftest import index_now

    index_now()
    first, second = api(page=1), api(page=2)
    assert first["count"] == second["count"] == 25
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert not set(names(first)) & set(names(second))
    assert api(page=3)["results"] == []
    words = api(q="télésecrétaire", page=2)
    assert words["count"] == 20 and words["results"] == []


# -- the JSON contract ---------------------------------------------------------------


def test_the_json_answer_has_the_documented_shape(people, api, backend):
    answer = api(q="graphiste")
    assert set(answer) >= {"count", "page", "backend", "results", "facets"}
    assert answer["backend"] == backend and answer["page"] == 1
    sophie = answer["results"][0]
    assert sophie == {
        "slug": people.sophie.slug,
        "name": "Sophie Bernard",
        "headline": "Graphiste",
        "skills": ["Graphisme", "Illustration"],
        "commune": "Arpajon-sur-Cère",
        "telecentre": "aurillac",
        "available": True,
        "distance_km": None,
        "url": f"/annuaire/{people.sophie.slug}/",
    }
    assert set(answer["facets"]) == {"skills", "communes", "telecentres", "available"}
    for item in answer["facets"]["skills"]:
        assert set(item) >= {"value", "count"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"radius_km": "abc", "commune": "Aurillac"}, "radius_km"),
        ({"radius_km": "10"}, "radius_km"),
        ({"radius_km": "-3", "commune": "Aurillac"}, "radius_km"),
        ({"page": "0"}, "page"),
        ({"page": "deux"}, "page"),
        ({"commune": "Atlantide"}, "commune"),
        ({"telecentre": "nulle-part"}, "telecentre"),
        ({"available": "peut-être"}, "available"),
    ],
)
def test_invalid_parameters_get_a_clear_french_error(client, small_site, params, field):
    response = client.get("/api/v1/directory/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"].startswith("Paramètres de recherche invalides")


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_both_backends_give_the_same_answers(people, api, backend, settings, request):
    """The same questions to both backends, in one test: same results, order, facets."""
    questions = [
        {},
        {"q": "python"},
        {"q": "développeur"},
        {"q": "formations"},
        {"skill": "python", "available": "1"},
        {"commune": "Aurillac", "radius_km": "40"},
        {"q": "applications", "commune": "Aurillac", "radius_km": "10"},
    ]
    on_elasticsearch = [api(**question) for question in questions]
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = ""
    on_database = [api(**question) for question in questions]
    settings.ELASTICSEARCH_URL = url
    for question, es_answer, db_answer in zip(
        questions, on_elasticsearch, on_database, strict=True
    ):
        assert es_answer["backend"] == "elasticsearch" and db_answer["backend"] == "database"
        assert es_answer["results"] == db_answer["results"], question
        assert es_answer["facets"] == db_answer["facets"], question
        assert es_answer["count"] == db_answer["count"], question


# -- skill suggestions -------------------------------------------------------------------


def test_skill_suggestions_for_the_search_box(people, client, backend):
    def suggest(prefix):
        response = client.get("/api/v1/skills/", {"prefix": prefix})
        assert response.status_code == 200
        return [item["name"] for item in response.json()["skills"]]

    assert "Développement mobile" in suggest("dév")
    assert "Développement mobile" in suggest("DEVEL")
    assert "Développement mobile" in suggest("mob")  # a later word of the skill
    assert suggest("pyth") == ["Python"]
    assert suggest("xyz") == []
    # Skills only unpublished profiles have are not offered.
    assert "Comptabilité" not in suggest("compt")
    assert suggest("") == []
