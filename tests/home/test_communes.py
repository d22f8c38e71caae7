"""The communes' pages: built from the data by ``build_communes``, and what each shows."""

import csv
import io
import json
import math
import re
from pathlib import Path

import pytest

from django.core.management import call_command

from home.models import Commune, CommuneIndexPage, CommunePage, TelecentrePage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "home" / "data" / "cantal-communes.csv"


def data_rows():
    with open(DATA, encoding="utf-8", newline="") as handle:
        return {row["insee"]: row for row in csv.DictReader(handle)}


def great_circle_km(lat1, lon1, lat2, lon2):
    """Haversine, written again here so that the test does not trust home.geo."""
    r = 6371.0088
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def build(*insee):
    out = io.StringIO()
    call_command("build_communes", *insee, "--no-progress", stdout=out)
    return out.getvalue()


def revisions_count():
    from wagtail.models import Revision

    return Revision.page_revisions.count()


def plain(html):
    """The HTML with French typography's no-break spaces (before ; : ? ! », after «) as
    plain spaces, to compare with the words."""
    return html.replace("\xa0", " ").replace("\u202f", " ")


def text_of(html):
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def test_build_makes_246_pages_and_a_second_run_changes_nothing(small_site):
    out = build()
    assert "246 créée(s)" in out
    index = CommuneIndexPage.objects.get()
    assert index.url == "/communes/"
    pages = CommunePage.objects.child_of(index)
    assert pages.count() == 246 == Commune.objects.count()
    assert pages.live().count() == 246
    assert all(slug.isascii() for slug in pages.values_list("slug", flat=True))
    assert CommunePage.objects.get(commune__insee="15162").url == "/communes/riom-es-montagnes/"

    revisions = revisions_count()
    stamps = dict(pages.values_list("pk", "latest_revision_created_at"))
    out = build()
    assert "0 créée(s), 0 mise(s) à jour, 246 inchangée(s)" in out
    assert revisions_count() == revisions
    assert dict(pages.values_list("pk", "latest_revision_created_at")) == stamps
    assert CommunePage.objects.count() == 246


def test_the_command_shows_a_progress_bar(small_site):
    out = io.StringIO()
    call_command("build_communes", "15014", "15187", stdout=out)
    assert "2/2 (100 %" in out.getvalue()


def test_an_editors_text_survives_a_rebuild_with_new_data(small_site):
    build("15138", "15162")
    page = CommunePage.objects.get(commune__insee="15138")
    page.introduction = "Murat, au pied du Plomb du Cantal : le mot de l’office de tourisme."
    page.body = [{"type": "paragraph", "value": "<p>Texte de la rédaction, à garder.</p>"}]
    page.save_revision().publish()
    # A second editor starts a draft on Riom and does not publish it yet.
    riom = CommunePage.objects.get(commune__insee="15162")
    riom.introduction = "Brouillon en cours de la rédaction."
    riom.save_revision()

    # New census figures arrive; the pages are built again.
    Commune.objects.filter(insee__in=["15138", "15162"]).update(population=4321)
    out = build("15138", "15162")
    assert "2 mise(s) à jour" in out

    page = CommunePage.objects.get(commune__insee="15138")
    assert "4\u202f321 habitants" in page.summary
    assert page.introduction.startswith("Murat, au pied du Plomb du Cantal")
    assert "Texte de la rédaction, à garder." in str(page.body)
    assert not page.has_unpublished_changes

    riom = CommunePage.objects.get(commune__insee="15162")
    assert "4\u202f321 habitants" in riom.summary  # live
    assert riom.introduction == ""  # the draft was not published
    assert riom.has_unpublished_changes
    draft = riom.get_latest_revision_as_object()
    assert draft.introduction == "Brouillon en cours de la rédaction."
    assert "4\u202f321 habitants" in draft.summary  # publishing the draft keeps the update
    assert "inchangée" in build("15138", "15162") and "2 inchangée(s)" in build("15138", "15162")


@pytest.mark.parametrize("insee", ["15162", "15122", "15001", "15187", "15246"])
def test_nearest_centres_and_their_distances_follow_the_coordinates(client, small_site, insee):
    build(insee)
    rows = data_rows()
    here = rows[insee]
    expected = sorted(
        (
            great_circle_km(here["latitude"], here["longitude"], c.latitude, c.longitude),
            c.title,
        )
        for c in TelecentrePage.objects.live()
    )
    # The small site's centres stand at their commune's town hall: their coordinates are the data's.
    for centre in TelecentrePage.objects.select_related("commune"):
        row = rows[centre.commune.insee]
        assert (centre.latitude, centre.longitude) == (
            float(row["latitude"]),
            float(row["longitude"]),
        )

    page = CommunePage.objects.get(commune__insee=insee)
    html = client.get(page.url).content.decode()
    section = html[html.index('id="centres-title"') : html.index('id="upcoming-title"')]
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', section)
    assert [t.replace("&#x27;", "'").replace("&rsquo;", "’") for t in titles] == [
        title for _d, title in expected[:3]
    ]
    shown = re.findall(r'<span class="distance">([^<]+)</span>', section)
    for (distance, _title), label in zip(expected[:3], shown, strict=True):
        if distance < 1:
            assert label == "dans la commune"
        else:
            assert label == f"{distance:.1f}".replace(".", ",") + " km à vol d’oiseau"


def test_a_commune_page_shows_population_postcodes_neighbours_map_and_json_ld(client, small_site):
    build("15162", "15009", "15001", "15014")
    response = client.get("/communes/riom-es-montagnes/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert html.count("<h1") == 1
    assert "2\u202f513 habitants" in html
    assert "Code postal 15400" in text
    # Apchon is built, Allanche and Aurillac are further than the neighbours' radius or not
    assert '<a href="/communes/apchon/">Apchon</a>' in html
    assert "/communes/aurillac/" not in html
    assert "data-map" in html and 'data-title="Riom-ès-Montagnes"' in html
    assert "/static/js/map.js" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "City"
    assert data["name"] == "Riom-ès-Montagnes"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.2812, "longitude": 2.66031}
    assert data["address"]["postalCode"] == "15400"
    assert data["url"].endswith("/communes/riom-es-montagnes/")


def test_freelancers_based_there_and_near_with_a_link_to_the_directory(
    client, small_site, django_capture_on_commit_callbacks
):
    from directory.factories import ProfileFactory

    build("15138")
    murat = Commune.objects.get(insee="15138")
    far = Commune.objects.get(insee="15014")  # Aurillac, 39 km away
    near = Commune.objects.get(insee="15025")  # Albepierre-Bredons, 4.6 km
    with django_capture_on_commit_callbacks(execute=True):  # the directory search's entries
        ProfileFactory(commune=murat, display_name="Agathe Murat-Ici")
        ProfileFactory(commune=near, display_name="Basile Tout-Près")
        ProfileFactory(commune=far, display_name="Clément Au-Loin")
        ProfileFactory(commune=murat, display_name="Denise Cachée", is_hidden=True)
    html = client.get("/communes/murat/").content.decode()
    text = text_of(html)
    assert "1 indépendant de l’annuaire est installé à Murat." in text
    assert "2 travaillent à moins de 15 km." in text
    assert "Agathe Murat-Ici" in text and "Basile Tout-Près" in text
    assert "Clément Au-Loin" not in text and "Denise Cachée" not in text
    assert 'href="/annuaire/?commune=Murat"' in html
    assert 'href="/annuaire/?commune=Murat&amp;radius_km=15"' in html
    listed = client.get("/annuaire/?commune=Murat").content.decode()
    assert "Agathe Murat-Ici" in listed and "Clément Au-Loin" not in listed


def test_events_within_30_km_only(client, small_site):
    from events.factories import EventPageFactory

    build("15162")
    here = Commune.objects.get(insee="15162")  # Riom-ès-Montagnes
    by_distance = {
        c.slug: great_circle_km(here.latitude, here.longitude, c.latitude, c.longitude)
        for c in TelecentrePage.objects.all()
    }
    near = [slug for slug, km in by_distance.items() if km <= 30]
    far = [slug for slug, km in by_distance.items() if km > 30]
    assert "riom-es-montagnes" in near and "aurillac" in far
    for slug in near[:2] + far[:2]:
        EventPageFactory(
            title=f"Rencontre à {slug}", telecentre=TelecentrePage.objects.get(slug=slug)
        )
    EventPageFactory(title="Webinaire sans lieu", telecentre=None, online=True)
    html = client.get("/communes/riom-es-montagnes/").content.decode()
    section = html[html.index('id="upcoming-title"') : html.index("Tout l’agenda")]
    for slug in near[:2]:
        assert f"Rencontre à {slug}" in section
        assert f"({round(by_distance[slug])} km)" in section
    for slug in far[:2]:
        assert f"Rencontre à {slug}" not in section
    assert "Webinaire sans lieu" not in section


def test_the_index_lists_communes_a_to_z_and_finds_them(client, small_site):
    build("15162", "15009", "15138", "15014", "15187", "15001")
    response = client.get("/communes/")
    html = response.content.decode()
    assert response.status_code == 200
    order = re.findall(r'<li><a href="/communes/[^"]+/">([^<]+)</a>', html)
    assert order == ["Allanche", "Apchon", "Aurillac", "Murat", "Riom-ès-Montagnes", "Saint-Flour"]
    assert 'id="lettre-A"' in html and 'list="commune-finder-q_list"' in html
    assert '<option value="Riom-ès-Montagnes (15400)">' in html

    # a name, in any case and without accents, or the datalist's label: the commune's page
    for typed in ["riom es montagnes", "RIOM-ÈS-MONTAGNES", "Riom-ès-Montagnes (15400)", "15162"]:
        response = client.get("/communes/", {"q": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == "/communes/riom-es-montagnes/"
    # a part of a name met once
    assert client.get("/communes/", {"q": "allanc"})["Location"] == "/communes/allanche/"
    # a postcode shared by several communes: the list of them
    html = plain(client.get("/communes/", {"q": "15400"}).content.decode())
    matches = html[html.index('id="matches-title"') : html.index('id="az-title"')]
    assert "communes correspondent à « 15400 »" in matches
    assert '<a href="/communes/apchon/">Apchon</a>' in matches
    assert '<a href="/communes/riom-es-montagnes/">Riom-ès-Montagnes</a>' in matches
    assert "Trizac" in matches  # no page built for it: named, without a link
    # nothing found: the error on the field
    html = plain(client.get("/communes/", {"q": "Paris"}).content.decode())
    assert 'aria-invalid="true"' in html
    assert "Nous ne trouvons pas cette commune du Cantal" in html


def test_site_search_finds_a_commune_by_name(client, small_site):
    build("15001")
    html = client.get("/recherche/", {"q": "Allanche"}).content.decode()
    assert 'href="/communes/allanche/"' in html


def _queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_counts_stay_flat(client, small_site, django_assert_max_num_queries):
    from directory.factories import ProfileFactory

    few = ["15138", "15025", "15014"]
    build(*few)
    murat = Commune.objects.get(insee="15138")
    ProfileFactory(commune=murat)
    small_page = _queries(django_assert_max_num_queries, client, "/communes/murat/", 40)
    small_index = _queries(django_assert_max_num_queries, client, "/communes/", 25)

    # Many more communes built (neighbours, index rows) and profiles around.
    build(*Commune.objects.values_list("insee", flat=True)[:80])
    near = list(Commune.objects.filter(insee__in=["15025", "15138", "15041"]))
    for n in range(6):
        ProfileFactory(commune=near[n % len(near)], skills=["Comptabilité", "Paie"])
    large_page = _queries(django_assert_max_num_queries, client, "/communes/murat/", small_page)
    large_index = _queries(django_assert_max_num_queries, client, "/communes/", small_index)
    # (at most as many: fragments cached by the first requests may save a few)
    assert large_page <= small_page
    assert large_index <= small_index


def test_an_editor_edits_a_commune_page_in_the_admin_and_the_command_keeps_it(
    admin_client, small_site
):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    build("15001")
    page = CommunePage.objects.get(commune__insee="15001")
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    data = nested_form_data(
        {
            "introduction": "Allanche, au cœur du Cézallier.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Le marché aux bestiaux du mardi.</p>"))]
            ),
            "slug": page.slug,
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.introduction == "Allanche, au cœur du Cézallier."
    assert page.title == "Allanche"  # the generated title is not in the form
    Commune.objects.filter(insee="15001").update(population=800)
    build("15001")
    page.refresh_from_db()
    assert page.introduction == "Allanche, au cœur du Cézallier."
    assert "800 habitants" in page.summary
    assert "Le marché aux bestiaux du mardi." in str(page.body)
