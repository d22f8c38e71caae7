"""The front door: the header leads to every section, the site map, ASCII slugs, one base URL."""

import re

import pytest

from django.apps import apps
from django.core import mail
from django.test import override_settings

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from home.models import StandardPage
from home.slugs import asciify_slugs
from portal import page_cache
from portal.base_url import sync_default_site
from portal.mail import run_queue

pytestmark = pytest.mark.django_db


def _header(html):
    return html[html.index("<header") : html.index("</header>")]


def test_header_links_sections_directory_search_and_account(client, small_site):
    header = _header(client.get("/").content.decode())
    for href in ('href="/telecentres/"', 'href="/actualites/"', 'href="/annuaire/"'):
        assert href in header
    assert 'action="/recherche/"' in header and 'name="q"' in header
    assert 'href="/compte/login/"' in header and "Se connecter" in header
    assert 'href="/compte/signup/"' in header and "Créer un compte" in header


def test_header_once_logged_in_names_the_person_and_offers_the_account(client, small_site):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "camille", "camille@example.org", "pw", first_name="Camille", last_name="Roux"
    )
    client.force_login(user)
    header = _header(client.get("/annuaire/").content.decode())
    assert "Camille Roux" in header
    assert 'href="/compte/"' in header and "Mon compte" in header
    assert 'href="/compte/inscriptions/"' in header
    assert 'action="/compte/logout/"' in header and "Se déconnecter" in header
    assert "Se connecter" not in header
    # the directory entry is the current section
    assert 'href="/annuaire/" aria-current="page"' in header
    assert "Administration du site" not in header  # only for those who may open the admin


def test_editors_reach_the_admin_from_the_account_menu(client, small_site):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="editeur")
    client.force_login(editor)
    header = _header(client.get("/").content.decode())
    assert '<a href="/admin/">Administration du site</a>' in header


def test_home_figures_link_to_their_sections(client, small_site):
    html = client.get("/").content.decode()
    figures = html[html.index('class="container figures"') :]
    figures = figures[: figures.index("</section>")]
    assert 'href="/telecentres/"' in figures and 'href="/annuaire/"' in figures
    assert "Tout l’agenda" in html


@pytest.mark.parametrize(
    "url, current", [("/annuaire/", "Annuaire"), ("/recherche/?q=x", "Recherche")]
)
def test_breadcrumbs_outside_the_page_tree(client, small_site, url, current):
    html = client.get(url).content.decode()
    trail = html[html.index('class="breadcrumbs') :]
    trail = trail[: trail.index("</nav>")]
    assert 'href="/">Accueil</a>' in trail and f'aria-current="page">{current}</span>' in trail


def test_human_site_map_lists_sections_pages_and_apps(client, small_site):
    response = client.get("/plan-du-site/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/telecentres/aurillac/"' in html  # a centre under its section
    assert 'href="/mentions-legales/"' in html
    assert 'href="/annuaire/"' in html and 'href="/recherche/"' in html
    # news items are listed on the news page, not here
    from home.factories import NewsPageFactory
    from home.models import NewsIndexPage

    news = NewsPageFactory(parent=NewsIndexPage.objects.get(), title="Une nouvelle du réseau")
    assert news.url not in client.get("/plan-du-site/").content.decode()
    # the footer's "Plan du site" leads here, the XML one stays for robots
    home = client.get("/").content.decode()
    assert 'href="/plan-du-site/">Plan du site' in home
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_and_manifest(client, small_site):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html and 'rel="manifest"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon-32.png")


def test_new_pages_get_ascii_slugs(small_site):
    home = small_site
    page = StandardPage(title="Petit-déjeuner des télétravailleurs")
    home.add_child(instance=page)
    page.full_clean()
    assert page.slug == "petit-dejeuner-des-teletravailleurs"


def test_existing_unicode_slugs_become_ascii_with_redirects(client, small_site):
    home = small_site
    parent = StandardPage(title="Séjours", slug="séjours")
    home.add_child(instance=parent)
    parent.save_revision().publish()
    child = StandardPage(title="Été", slug="été")
    parent.add_child(instance=child)
    child.save_revision().publish()
    assert client.get("/séjours/été/").status_code == 200

    renamed = asciify_slugs(apps)
    page_cache.bump(page_cache.SITE)  # as `migrate` does when it ends (post_migrate)

    assert set(renamed) == {parent.pk, child.pk}
    parent.refresh_from_db()
    child.refresh_from_db()
    assert (parent.slug, child.slug) == ("sejours", "ete")
    assert child.url_path.endswith("/sejours/ete/")
    assert client.get("/sejours/ete/").status_code == 200
    old = client.get("/séjours/été/")
    assert old.status_code == 301 and old["Location"].endswith("/sejours/ete/")
    assert Redirect.objects.filter(redirect_page=parent).exists()
    # the latest revision carries the new slug, so the next publish keeps it
    child.get_latest_revision().publish()
    child.refresh_from_db()
    assert child.slug == "ete" and Page.objects.get(pk=child.pk).url_path.endswith("/sejours/ete/")


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8100")
def test_one_base_url_for_site_sitemap_and_emails(client, small_site):
    assert sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8100)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://127.0.0.1:8100/telecentres/" in sitemap and "http://localhost/" not in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8100/sitemap.xml" in robots
    from directory.factories import ProfileFactory
    from events.factories import EventPageFactory

    event = EventPageFactory()
    ics = client.get("/agenda/calendrier.ics").content.decode().replace("\r\n ", "")
    assert f"http://127.0.0.1:8100{event.url}" in ics and "http://testserver" not in ics
    event_html = client.get(event.url).content.decode()
    assert f'"url": "http://127.0.0.1:8100{event.url}' in event_html
    profile = ProfileFactory()
    profile_html = client.get(profile.get_absolute_url()).content.decode()
    assert f'"url": "http://127.0.0.1:8100{profile.get_absolute_url()}"' in profile_html
    from directory import emails
    from directory.models import ContactMessage

    message = ContactMessage(
        profile=profile, sender_name="A", sender_email="a@example.org", body="Bonjour"
    )
    emails.send("x@example.org", "contact_message", {"profile": profile, "message": message})
    run_queue(force=True)
    assert "http://127.0.0.1:8100\n" in mail.outbox[-1].body


def test_centres_are_listed_by_distance_from_a_commune_named_or_by_postcode(client, small_site):
    from home.geo import haversine_km
    from home.models import Commune, TelecentrePage

    riom = Commune.objects.get(name="Riom-ès-Montagnes")
    expected = sorted(
        TelecentrePage.objects.live(),
        key=lambda c: haversine_km(riom.latitude, riom.longitude, c.latitude, c.longitude),
    )
    for typed in ("riom es montagnes", "Riom-ès-Montagnes (15400)"):
        html = client.get("/telecentres/", {"commune": typed}).content.decode()
        results = html.split('id="results-title"')[1]
        titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', results)
        assert titles == [c.title for c in expected]
        nearest = haversine_km(
            riom.latitude, riom.longitude, expected[0].latitude, expected[0].longitude
        )
        assert f"à {nearest:.0f}\u00a0km de Riom-ès-Montagnes" in html


def test_a_shared_postcode_names_its_communes(client, small_site):
    html = client.get("/telecentres/", {"commune": "15400"}).content.decode()
    assert "Le code postal 15400 est celui de plusieurs communes" in html
    assert "Riom-ès-Montagnes" in html.split("Le code postal 15400")[1].split("</")[0]


def test_an_unknown_commune_is_said_and_every_centre_stays_listed(client, small_site):
    from home.models import TelecentrePage

    response = client.get("/telecentres/", {"commune": "Paris"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il y a un problème" in html and "Nous ne trouvons pas cette commune" in html
    assert 'value="Paris"' in html  # what was typed stays in the box
    results = html.split('id="results-title"')[1]
    assert results.count('class="card__title"') == TelecentrePage.objects.live().count()


def test_the_communes_type_ahead_is_read_once_and_follows_a_new_commune(
    client, small_site, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.models import Commune

    settings.PAGE_CACHE_ENABLED = False  # the page as rendered
    client.get("/telecentres/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/telecentres/").content.decode()
    assert '<option value="Murat (15300)">' in html
    assert not [q for q in queries.captured_queries if 'FROM "home_commune" ORDER BY' in q["sql"]]
    Commune.objects.create(
        insee="15999",
        name="Commune d’essai",
        slug="commune-d-essai",
        postcodes="15999",
        population=1,
        latitude=45.0,
        longitude=2.5,
    )
    assert (
        '<option value="Commune d’essai (15999)">' in client.get("/telecentres/").content.decode()
    )
