"""What a visitor sees on the network's pages, built by the demo seed."""

import datetime
import json

import feedparser
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.factories import NewsPageFactory, TelecentrePageFactory
from home.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    TelecentreIndexPage,
    TelecentrePage,
)
from tests.text import french

pytestmark = pytest.mark.django_db


def test_home_page_shows_promise_figures_news_and_map(client, small_site):
    news = NewsIndexPage.objects.get()
    NewsPageFactory(parent=news, title="Une ancienne nouvelle", date=datetime.date(2025, 1, 1))
    latest = NewsPageFactory(parent=news, title="La dernière nouvelle du réseau")
    response = client.get("/")
    assert response.status_code == 200
    assert "home/home_page.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Travailler au pays, ensemble" in html
    # key figures: 8 centres, their desks added up
    desks = sum(TelecentrePage.objects.values_list("desks", flat=True))
    assert f'<strong class="figures__value">{desks}</strong>' in html
    assert '<strong class="figures__value">8</strong> télécentres' in html
    assert french(latest.title) in html
    assert "data-map" in html and "Télécentre de Mauriac" in html


@pytest.mark.parametrize(
    "url, text",
    [
        ("/telecentres/", "Télécentre de Saint-Flour – Maison des services"),
        ("/telecentres/aurillac/", "14 avenue de la République"),
        ("/actualites/", "Le réseau accueille son 150e télétravailleur"),
        ("/venir-s-installer/", french("Puis-je domicilier mon entreprise dans un télécentre ?")),
        ("/qu-est-ce-qu-un-telecentre/", "Ce que le réseau apporte"),
        ("/mentions-legales/", "Éditeur"),
        ("/donnees-personnelles/", "Vos droits"),
        ("/accessibilite/", "RGAA"),
    ],
)
def test_every_page_type_renders_with_seeded_data(client, demo, url, text):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#contenu"' in html
    assert '<html lang="fr">' in html


def test_news_page_renders_with_tags_and_centre(client, demo):
    news = NewsPage.objects.get(slug="saint-flour-ouvre-une-salle-de-visioconference")
    response = client.get(news.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Télécentre de Saint-Flour" in html
    assert "?tag=equipement" in html


def test_telecentre_page_has_hours_table_prices_and_json_ld(client, small_site):
    html = client.get("/telecentres/aurillac/").content.decode()
    assert '<th scope="row">Lundi</th><td>de 8\u00a0h\u00a030 à 19\u00a0h</td>' in html
    # address, phone and hours come before the description and the gallery (phones read
    # the page in this order)
    practical = html.index('id="practical-title"')
    assert practical < html.index('id="hours-title"') < html.index('class="stream"')
    assert html.index("tel:") < html.index('class="stream"')
    assert "15 €" in html and "180 €" in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "LocalBusiness"
    assert data["address"]["addressLocality"] == "Aurillac"
    assert data["geo"]["latitude"] == pytest.approx(44.93032)
    days = [spec["dayOfWeek"] for spec in data["openingHoursSpecification"]]
    assert days[0] == "https://schema.org/Monday" and "https://schema.org/Saturday" in days
    assert all(spec["opens"] < spec["closes"] for spec in data["openingHoursSpecification"])


def test_centre_list_filters_by_equipment_and_service(client, small_site):
    html = client.get("/telecentres/?secretariat=1&mail_domiciliation=1").content.decode()
    assert "2 télécentres" in html
    assert "Le Quai numérique" in html and "Télécentre de Maurs" in html
    assert "Télécentre de Murat" not in html
    for slug in ("aurillac", "maurs"):
        TelecentrePage.objects.get(slug=slug).unpublish()
    html = client.get("/telecentres/?secretariat=1").content.decode()
    assert "Aucun télécentre ne réunit tous ces critères." in html


def test_geojson_lists_every_centre_with_valid_points(client, small_site):
    response = client.get("/telecentres/geojson/")
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 8
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert 44.6 < lat < 45.5 and 2.0 < lon < 3.4  # inside the Cantal
        assert feature["properties"]["url"].startswith("/telecentres/")


def test_news_list_filters_by_tag_and_paginates(client, demo):
    html = client.get("/actualites/?tag=rencontres").content.decode()
    assert "Un café-coworking chaque premier mardi" in html
    assert "Retour sur la journée des tiers-lieux" in html
    assert "Tarifs 2026" not in html
    page2 = client.get("/actualites/?page=2")
    assert page2.status_code == 200
    assert "Page 2 sur 2" in page2.content.decode()
    assert client.get("/actualites/?page=9").status_code == 404


def test_rss_feed_parses_with_feedparser(client, demo):
    response = client.get("/actualites/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.language == "fr"
    assert len(feed.entries) == 12
    newest = feed.entries[0]
    assert newest.title == NewsPage.objects.order_by("-date").first().title
    assert newest.link.startswith("http://") and "/actualites/" in newest.link
    assert newest.published_parsed is not None


def test_robots_sitemap_and_pages_api(client, small_site):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/telecentres/aurillac/" in sitemap and "/actualites/" in sitemap
    api = client.get("/api/v2/pages/?type=home.TelecentrePage&fields=title").json()
    assert api["meta"]["total_count"] == 8


def test_unpublished_pages_do_not_leak(client, small_site):
    centre = TelecentrePage.objects.get(slug="murat")
    centre.unpublish()
    assert client.get("/telecentres/murat/").status_code == 404
    assert "Télécentre de Murat" not in client.get("/telecentres/").content.decode()
    assert "/telecentres/murat/" not in client.get("/sitemap.xml").content.decode()
    assert "murat" not in json.dumps(client.get("/telecentres/geojson/").json())
    assert client.get("/api/v2/pages/?type=home.TelecentrePage").json()["meta"]["total_count"] == 7


def test_custom_404_page(client, small_site):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/", "/telecentres/", "/actualites/", "/actualites/rss/", "/telecentres/geojson/"]
)
def test_query_count_does_not_grow_with_centres_and_news(client, home_page, url, settings):
    settings.PAGE_CACHE_ENABLED = False  # the rendering is counted, not the page cache
    centres = TelecentreIndexPage.objects.get()
    news = NewsIndexPage.objects.get()
    centres.get_children().delete()
    news.get_children().delete()
    TelecentrePageFactory(parent=centres)
    NewsPageFactory(parent=news, tags=["réseau"])
    client.get(url)  # warm caches (site root, settings)
    few = _count_queries(client, url)
    for _ in range(6):
        TelecentrePageFactory(parent=centres)
        NewsPageFactory(parent=news, tags=["réseau", "formation"])
    client.get(url)  # warm again: a publish clears the menu, footer and site fragments
    many = _count_queries(client, url)
    assert many == few, f"{url}: {few} queries with 1 item, {many} with 7"


def test_admin_can_create_a_standard_page(admin_client, home_page):
    url = f"/admin/pages/add/home/standardpage/{home_page.pk}/"
    response = admin_client.post(
        url,
        {
            "title": "Nos partenaires",
            "slug": "nos-partenaires",
            "introduction": "Ceux qui font vivre le réseau.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="nos-partenaires")
    assert page.live
    assert HomePage.objects.get().get_children().filter(slug="nos-partenaires").exists()


def test_french_by_default_whatever_the_browser_asks_and_english_on_request(client, small_site):
    response = client.get("/actualites/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/actualites/"})
    response = client.get("/actualites/", follow=True)  # to its English address
    assert response.redirect_chain == [("/en/actualites/", 302)]
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
