"""What the public sees of the directory, and what it never sees."""

import json

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.factories import ProfileFactory, UserFactory, image_upload
from directory.models import Profile
from directory.photos import photo_collection, save_photo
from home.models import Commune, TelecentrePage

pytestmark = pytest.mark.django_db


def json_ld(html):
    marker = '<script type="application/ld+json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_profile_page_has_person_json_ld_and_no_email(client, profile):
    response = client.get("/annuaire/marie-dupont/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Marie Dupont" in html
    data = json_ld(html)
    assert data["@type"] == "Person"
    assert data["name"] == "Marie Dupont"
    assert data["jobTitle"] == "Traductrice anglais-français"
    assert data["url"] == "http://testserver/annuaire/marie-dupont/"
    assert data["address"]["addressLocality"] == "Aurillac"
    assert "Traduction anglais-français" in data["knowsAbout"]
    assert "email" not in data
    assert profile.user.email not in html
    assert 'name="consent"' in html and 'name="homepage"' in html


def test_listing_filters_by_skill_commune_centre_and_availability(
    client, small_site, django_capture_on_commit_callbacks
):
    murat = TelecentrePage.objects.get(slug="murat")
    # The search's entries are written once the profiles' transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        ProfileFactory(
            display_name="Alice Comptable",
            skills=["Comptabilité"],
            commune=murat.commune,
            telecentre=murat,
        )
        ProfileFactory(
            display_name="Bruno Graphiste",
            skills=["Graphisme"],
            commune=Commune.objects.get(insee="15187"),
            availability="no",
        )
    html = client.get("/annuaire/").content.decode()
    assert "Alice Comptable" in html and "Bruno Graphiste" in html
    assert "2 indépendants" in html

    def names(params):
        html = client.get("/annuaire/", params).content.decode()
        return {name for name in ("Alice Comptable", "Bruno Graphiste") if name in html}

    assert names({"skill": "comptabilite"}) == {"Alice Comptable"}
    assert names({"commune": "saint-flour", "radius_km": "0"}) == {"Bruno Graphiste"}
    assert names({"commune": "15187", "radius_km": "0"}) == {"Bruno Graphiste"}
    assert names({"commune": "15100", "radius_km": "0"}) == {"Bruno Graphiste"}  # postcode
    assert names({"telecentre": "murat"}) == {"Alice Comptable"}
    assert names({"available": "1"}) == {"Alice Comptable"}
    assert names({"skill": "graphisme", "available": "1"}) == set()
    assert (
        "Aucun indépendant ne correspond"
        in client.get("/annuaire/", {"skill": "graphisme", "available": "1"}).content.decode()
    )


def test_listing_paginates(client, small_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(23):
            ProfileFactory(display_name=f"Indépendant {n:02d}")
    first = client.get("/annuaire/").content.decode()
    assert "Page 1 sur 2" in first
    second = client.get("/annuaire/?page=2").content.decode()
    shown = [n for n in range(23) if f"Indépendant {n:02d}<" in first + second]
    assert shown == list(range(23))
    assert client.get("/annuaire/?page=9").status_code == 404


def test_as_search_result_follows_the_api_contract(profile):
    profile.telecentre = TelecentrePage.objects.get(slug="aurillac")
    profile.save()
    assert profile.as_search_result() == {
        "slug": "marie-dupont",
        "name": "Marie Dupont",
        "headline": "Traductrice anglais-français",
        "skills": ["Relecture et correction", "Traduction anglais-français"],
        "commune": "Aurillac",
        "telecentre": "aurillac",
        "available": True,
        "distance_km": None,
        "url": "/annuaire/marie-dupont/",
    }


def test_member_count_on_home_page_counts_public_profiles(client, profile, draft):
    ProfileFactory(is_hidden=True)
    ProfileFactory(state="submitted")
    html = client.get("/").content.decode()
    assert '<strong class="figures__value">1</strong> indépendant dans l’annuaire' in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/annuaire/", "/annuaire/?available=1&skill=comptabilite", "/annuaire/premier/"]
)
def test_query_count_does_not_grow_with_profiles(client, small_site, url):
    centre = TelecentrePage.objects.get(slug="maurs")
    first = ProfileFactory(
        display_name="Premier", skills=["Comptabilité", "Paie"], telecentre=centre
    )
    first.photo = save_photo(image_upload(), "jpg", "premier")
    first.save()
    client.get(url)  # warm caches (site, settings, renditions)
    few = _queries(client, url)
    for n in range(8):
        other = ProfileFactory(
            display_name=f"Autre {n}", skills=["Comptabilité", f"Savoir {n}"], telecentre=centre
        )
        if n % 2:
            other.photo = save_photo(image_upload(), "jpg", "x")
            other.save()
    client.get(url)  # renditions of the new photos are made once
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with 1 profile, {many} with 9"


# ---------------------------------------------------------------------------
# Nothing unapproved leaks, by any route


@pytest.fixture
def hidden_profiles(small_site):
    """One profile in each non-public situation."""
    inactive = UserFactory(username="inactif", is_active=False)
    return [
        ProfileFactory(display_name="Dora Brouillon", state="draft"),
        ProfileFactory(display_name="Sam Soumis", state="submitted"),
        ProfileFactory(
            display_name="Rita Refusée", state="rejected", rejection_reason="Trop court."
        ),
        ProfileFactory(display_name="Hugo Masqué", is_hidden=True),
        ProfileFactory(display_name="Pierre Périmé", is_stale=True),
        ProfileFactory(display_name="Irène Inactive", user=inactive),
    ]


def test_anonymous_users_see_no_unapproved_profile_by_any_route(client, profile, hidden_profiles):
    names = [p.display_name for p in hidden_profiles]
    slugs = [p.slug for p in hidden_profiles]
    for hidden in hidden_profiles:
        assert client.get(f"/annuaire/{hidden.slug}/").status_code == 404
        response = client.post(
            f"/annuaire/{hidden.slug}/contact/",
            {"name": "X", "email": "x@example.com", "message": "Bonjour " * 10, "consent": "on"},
        )
        assert response.status_code == 404
    pages = [
        client.get("/annuaire/").content.decode(),
        client.get("/sitemap.xml").content.decode(),
        client.get("/actualites/rss/").content.decode(),
        json.dumps(client.get("/api/v2/pages/?limit=20").json()),
        json.dumps(client.get("/api/v2/images/?limit=20").json()),
        client.get("/recherche/?q=Brouillon").content.decode()
        if client.get("/recherche/").status_code == 200
        else "",
    ]
    for text in pages:
        for value in names + slugs:
            assert value not in text
    assert "/annuaire/marie-dupont/" in client.get("/sitemap.xml").content.decode()
    assert Profile.objects.public().count() == 1


def test_wagtail_api_exposes_no_profile_nor_profile_photo(client, profile):
    profile.photo = save_photo(image_upload(), "jpg", "marie")
    profile.save()
    pages = client.get("/api/v2/pages/?limit=20").json()
    assert all(item["meta"]["type"].split(".")[0] != "directory" for item in pages["items"])
    assert "Marie Dupont" not in json.dumps(pages)
    images = client.get("/api/v2/images/?limit=20").json()
    assert profile.photo_id not in [item["id"] for item in images["items"]]
    assert client.get(f"/api/v2/images/{profile.photo_id}/").status_code == 404
    assert photo_collection().name == profile.photo.collection.name


def test_another_user_cannot_reach_a_draft_or_its_owner_pages(client, draft, freelancer):
    client.force_login(freelancer)  # Marie, not the owner of the draft
    assert client.get(f"/annuaire/{draft.slug}/").status_code == 404
    # The account pages only ever show one's own data; there is no id to guess.
    html = client.get("/compte/profil/").content.decode()
    assert "Paul Brouillon" not in html
    export = client.get("/compte/donnees/").json()
    assert export["directory_profile"] is None
    assert "Paul" not in json.dumps(export)
    # Another user's visibility and deletion are unreachable as well.
    client.post("/compte/profil/supprimer/")
    client.post("/compte/profil/visibilite/", {"action": "hide"})
    assert Profile.objects.filter(pk=draft.pk, is_hidden=False).exists()
    assert client.get(f"/admin/annuaire/profils/review/{draft.pk}/").status_code in (302, 403)
