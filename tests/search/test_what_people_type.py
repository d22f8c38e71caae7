"""What people actually type, on both backends (same expectations): trades instead of
skills, feminine forms and abbreviations, postcodes, misspelt or foreign places, typos,
and what an empty result proposes."""

import pytest

from tests.search.conftest import index_now


def names(answer):
    return [item["name"] for item in answer["results"]]


def text_of(response):
    """The page's HTML with French typography's no-break spaces as plain ones."""
    return response.content.decode().replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def trades(people, django_capture_on_commit_callbacks):
    """Profiles whose words never name their trade: only their skills do."""
    from directory.factories import ProfileFactory
    from home.models import Commune

    with django_capture_on_commit_callbacks(execute=False):
        made = {
            "alice": ProfileFactory(
                display_name="Alice Chiffres",
                headline="Indépendante",
                bio="<p>Au service des artisans.</p>",
                skills=["Comptabilité", "Paie"],
                commune=Commune.objects.get(insee="15267"),  # Ytrac, postcode 15000 too
            ),
            "lucie": ProfileFactory(
                display_name="Lucie Image",
                headline="Indépendante",
                bio="",
                skills=["Identité visuelle"],
                commune=Commune.objects.get(insee="15120"),  # Mauriac
            ),
            "yann": ProfileFactory(
                display_name="Yann Code",
                headline="Indépendant",
                bio="",
                skills=["Django"],
                commune=Commune.objects.get(insee="15187"),  # Saint-Flour
            ),
        }
    index_now()
    return made


TRADE_CASES = [
    ("comptable", "Alice Chiffres"),
    ("graphiste", "Lucie Image"),  # Identité visuelle is a graphiste's skill
    ("graphistes", "Lucie Image"),
    ("développeuse", "Yann Code"),  # feminine form of a trade
    ("developpeur", "Yann Code"),
    ("dev", "Yann Code"),  # abbreviation
    ("gestionnaire de paie", "Alice Chiffres"),
]


def test_a_trade_finds_the_profiles_with_its_skills(trades, api, backend):
    missed = [
        (query, expected, names(api(q=query)))
        for query, expected in TRADE_CASES
        if expected not in names(api(q=query))
    ]
    assert missed == []
    # Ranked with the other matches: a trade's skill counts as a skill.
    assert names(api(q="comptable"))[0] == "Alice Chiffres"


def test_trades_edited_by_moderators_are_searched(trades, api, django_capture_on_commit_callbacks):
    from directory.models import Occupation, Skill

    assert names(api(q="chiffreur")) == []
    with django_capture_on_commit_callbacks(execute=True):
        trade = Occupation.objects.create(name="Chiffreur", feminine="Chiffreuse")
        trade.skills.add(Skill.objects.get(name="Paie"))
    index_now()
    assert names(api(q="chiffreuse")) == ["Alice Chiffres"]


def test_a_postcode_shared_by_several_communes_means_all_of_them(trades, api, client):
    # 15000 is Aurillac's and Ytrac's; without a distance, 20 km around them.
    answer = api(commune="15000", radius_km="0")
    assert answer["communes"] == ["Aurillac", "Ytrac"]
    assert set(names(answer)) == {"Marc Lefèvre", "Claire Martin", "Alice Chiffres"}
    page = client.get("/annuaire/", {"commune": "15000", "radius_km": "10"})
    assert page.status_code == 200
    html = text_of(page)
    assert "Le code postal 15000 couvre plusieurs communes : Aurillac, Ytrac" in html
    assert "Alice Chiffres" in html and "Sophie Bernard" in html  # Arpajon, 5 km away


def test_a_single_postcode_a_name_in_any_form_and_the_default_radius(trades, api):
    # A postcode of one commune only (almost every postcode of the Cantal is shared).
    assert api(commune="15260", radius_km="0")["communes"] == ["Neuvéglise-sur-Truyère"]
    # Mauriac's postcode is eight other communes' too: all of them.
    mauriac = api(commune="15200", radius_km="0")
    assert "Mauriac" in mauriac["communes"] and len(mauriac["communes"]) > 1
    assert names(mauriac) == ["Lucie Image", "Emma Roux"]
    # An INSEE code that is no postcode.
    assert names(api(commune="15120", radius_km="0")) == []  # 15120: Montsalvy's postcode
    assert names(api(commune="15187", radius_km="0")) == ["Yann Code", "Jean Dubois"]
    for typed in ("saint flour", "SAINT-FLOUR", "St Flour", "Saint-Flour", "st-flour"):
        answer = api(commune=typed, radius_km="0")
        assert set(names(answer)) == {"Jean Dubois", "Yann Code"}, typed
    # A commune alone means 20 km around it: Aurillac's centre finds its neighbours.
    around = api(commune="Aurillac")
    assert {"Marc Lefèvre", "Claire Martin", "Sophie Bernard", "Alice Chiffres"} == set(
        names(around)
    )
    assert all(item["distance_km"] is not None for item in around["results"])


@pytest.mark.parametrize(
    "typed, proposal",
    [("Aurilac", "Aurillac"), ("Paris", None), ("15999", None), ("Sant-Flour", "Saint-Flour")],
)
def test_an_unknown_place_is_said_never_a_server_error(people, client, typed, proposal):
    for radius in ("", "10"):
        page = client.get("/annuaire/", {"commune": typed, "radius_km": radius})
        assert page.status_code == 400
        html = text_of(page)
        assert f'value="{typed}"' in html  # the box keeps what was typed
        assert "Commune introuvable" in html
        if proposal:
            assert f"Vouliez-vous dire : {proposal}" in html
        assert "Claire Martin" in html  # the rest of the search still answers
        api = client.get("/api/v1/directory/", {"commune": typed, "radius_km": radius})
        assert api.status_code == 400
        body = api.json()
        assert body["detail"].startswith("Paramètres de recherche invalides")
        assert "Commune introuvable" in body["errors"]["commune"]


def test_an_empty_result_proposes_ways_out_with_their_counts(trades, client, api):
    # Nobody is a graphiste in Saint-Flour available now; the page says what would answer.
    page = client.get("/annuaire/", {"q": "graphiste", "commune": "Saint-Flour", "radius_km": "10"})
    html = text_of(page)
    assert "Aucun indépendant ne correspond" in html
    assert "Essayez plutôt" in html
    assert "sans la commune" in html and "(2 indépendants)" in html
    assert (
        "à moins de 20 km de Saint-Flour" not in html
    )  # a wider radius that gives 0 is not offered
    # Facets stay, and the way out's link gives what it promised.
    import re

    link = re.search(r'href="\?([^"]+)">sans la commune', html).group(1).replace("&amp;", "&")
    followed = text_of(client.get("/annuaire/?" + link))
    assert "Lucie Image" in followed and "Sophie Bernard" in followed


def test_quotes_nul_and_odd_characters_never_break_a_search(people, client):
    for typed in ['"', 'dév"elop', "\x00", "python\x00", "'", "((", "*", "AND OR NOT"]:
        for url in ("/annuaire/", "/api/v1/directory/", "/recherche/"):
            response = client.get(url, {"q": typed})
            assert response.status_code in (200, 400), (url, typed)
