"""English content under ``/en/``: the pages ``seed_demo`` translates, the untranslated
pages served in French with a notice, the alternates, the language switch, English dates."""

import io
import re

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.commune_builder import build
from home.demo_english import seed_english
from home.models import Commune, CommunePage, TelecentrePage

pytestmark = pytest.mark.django_db

COMMUNES = ["15138", "15162", "15014"]  # Murat, Riom-ès-Montagnes, Aurillac
ENGLISH_PAGES = [
    "/en/",
    "/en/moving-here/",
    "/en/moving-here/housing/",
    "/en/telecentres/",
    "/en/telecentres/murat/",
    "/en/communes/",
    "/en/communes/murat/",
]


@pytest.fixture(scope="module")
def english_module(demo_module, django_db_blocker):
    """The English pages as ``seed_demo`` makes them, with three communes' pages in both
    languages: built once for the module, on its demo (rolled back with it)."""
    with django_db_blocker.unblock():
        seed_english()
        communes = Commune.objects.filter(insee__in=COMMUNES)
        build(communes=communes, progress=False)
        build(communes=communes, progress=False, language="en")


@pytest.fixture
def english(english_module, demo, settings):
    settings.PAGE_CACHE_ENABLED = False


def html_lang(html):
    return re.search(r'<html lang="([a-z-]+)"', html).group(1)


def main_tag(html):
    return re.search(r"<main[^>]*>", html).group(0)


def menu(html):
    nav = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    return re.findall(r"<a href=\"([^\"]+)\"([^>]*)>([^<]+)</a>", nav)


def text_of(html):
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("path", ENGLISH_PAGES)
def test_english_pages_are_in_english_with_english_menus(client, english, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == "en"
    assert "lang=" not in main_tag(html)  # the content is English too
    assert "not been translated" not in html
    titles = [title for _url, _attrs, title in menu(html)]
    assert "The telecentres" in titles and "Moving to the Cantal" in titles
    assert "Directory" in titles
    assert "Les télécentres" not in titles


def test_the_generated_parts_of_an_english_commune_page_are_english(client, english):
    page = CommunePage.objects.get(commune__insee="15138", locale__language_code="en")
    assert page.url == "/en/communes/murat/"
    assert "a commune of the Cantal with" in page.summary
    assert "telecentre" in page.summary and "télécentre" not in page.summary
    text = text_of(client.get(page.url).content.decode())
    assert "Murat telecentre" in text  # the nearest centres, in their English version
    assert "Télécentre de Murat" not in text


def test_building_again_changes_nothing_in_either_language(english):
    out = io.StringIO()
    call_command("build_communes", *COMMUNES, "--no-progress", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Pages des communes : 0 créée(s), 0 mise(s) à jour, 3 inchangée(s)." in lines
    assert "Pages des communes (en) : 0 créée(s), 0 mise(s) à jour, 3 inchangée(s)." in lines
    assert seed_english() == 0
    assert CommunePage.objects.filter(locale__language_code="en").count() == 3


def test_an_untranslated_page_under_en_is_french_content_with_an_english_notice(client, english):
    html = client.get("/en/actualites/").content.decode()
    assert html_lang(html) == "en"  # the site's interface is English
    assert 'lang="fr"' in main_tag(html)  # the content is French, and says so
    notice = re.search(r'<div class="container" lang="en">\s*<p[^>]*>([^<]+)</p>', html)
    assert notice and "not been translated into English" in notice.group(1)
    assert "Actualités" in text_of(html)
    # The menu offers it under /en/, marked French; at the root it is plain French.
    assert ("/en/actualites/", ' lang="fr" aria-current="page"', "Actualités") in menu(html)
    french = client.get("/actualites/").content.decode()
    assert html_lang(french) == "fr" and "lang=" not in main_tag(french)
    assert "traduite" not in french


def test_alternates_point_both_ways_in_the_head(client, english):
    french = client.get("/telecentres/murat/").content.decode()
    english_html = client.get("/en/telecentres/murat/").content.decode()
    for html in (french, english_html):
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert links == {
            "fr": "http://testserver/telecentres/murat/",
            "en": "http://testserver/en/telecentres/murat/",
            "x-default": "http://testserver/telecentres/murat/",
        }
    # A page with one language has none.
    assert 'hreflang="' not in client.get("/actualites/").content.decode()


def test_alternates_point_both_ways_in_the_sitemap(client, english):
    xml = client.get("/sitemap.xml").content.decode()
    entries = dict(re.findall(r"<url><loc>([^<]+)</loc>(.*?)</url>", xml, re.S))
    for location in ("http://testserver/communes/murat/", "http://testserver/en/communes/murat/"):
        alternates = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entries[location]))
        assert alternates == {
            "fr": "http://testserver/communes/murat/",
            "en": "http://testserver/en/communes/murat/",
            "x-default": "http://testserver/communes/murat/",
        }
    assert "http://testserver/en/moving-here/" in entries
    assert "hreflang" not in entries["http://testserver/actualites/"]


@pytest.mark.parametrize(
    ("language", "start", "expected"),
    [
        ("en", "/telecentres/murat/", "/en/telecentres/murat/"),
        ("fr", "/en/moving-here/housing/", "/venir-s-installer/se-loger/"),
        ("fr", "/en/communes/murat/", "/communes/murat/"),
        ("en", "/actualites/", "/en/"),  # no English version: the English home page
        ("fr", "/en/actualites/", "/actualites/"),
        ("en", "/annuaire/?q=cantal", "/annuaire/?q=cantal"),  # not a page: stays
    ],
)
def test_the_switch_leads_to_the_same_page_in_the_other_language(
    client, english, language, start, expected
):
    response = client.post("/i18n/setlang/", {"language": language, "next": start})
    assert response.status_code == 302
    assert response["Location"] == expected
    assert client.get(expected).status_code == 200


def test_a_french_address_sends_who_chose_english_to_the_english_one(english):
    client = Client()
    assert html_lang(client.get("/telecentres/").content.decode()) == "fr"  # no choice: French
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/telecentres/murat/?vue=carte")
    assert response.status_code == 302
    assert response["Location"] == "/en/telecentres/murat/?vue=carte"
    assert client.get("/actualites/")["Location"] == "/en/actualites/"  # French, with a notice
    # The views outside the tree keep their address, in the chosen language, and their
    # menu leads to the English pages.
    directory = client.get("/annuaire/")
    assert directory.status_code == 200
    assert html_lang(directory.content.decode()) == "en"
    assert ("/en/telecentres/", "", "The telecentres") in menu(directory.content.decode())
    # Back to French: the French addresses are French again.
    client.post("/i18n/setlang/", {"language": "fr", "next": "/en/"})
    assert client.get("/telecentres/murat/").status_code == 200


def test_english_pages_write_dates_and_times_the_english_way(client, english):
    from events.factories import EventPageFactory, at
    from events.models import EventIndexPage

    EventPageFactory(parent=EventIndexPage.objects.get(), start=at(5, 14, 30))
    text = text_of(client.get("/en/").content.decode()).replace("\xa0", " ")
    assert "2:30 pm" in text
    assert re.search(
        r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} "
        r"(January|February|March|April|May|June|July|August|September|October|November|"
        r"December) \d{4}, (at|from) \d{1,2}(:\d\d)? (am|pm)",
        text,
    ), text
    assert not re.search(r"\d+ ?h ?\d\d|\d+ h\b", text)


def test_search_in_english_shows_a_translated_page_once(client, english):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/recherche/", {"q": "Murat"}).content.decode()
    assert html.count('href="/en/telecentres/murat/"') >= 1
    assert 'href="/telecentres/murat/"' not in html


def _count(client, path):
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_english_pages_queries_stay_flat(client, english):
    pages = ["/en/", "/en/telecentres/", "/en/communes/", "/en/communes/murat/", "/en/actualites/"]
    small = {path: _count(client, path) for path in pages}
    centres_fr = TelecentrePage.objects.filter(locale__language_code="fr").first().get_parent()
    from home.factories import TelecentrePageFactory

    for number in range(4):
        TelecentrePageFactory(parent=centres_fr, title=f"Télécentre de plus n° {number}")
    more = Commune.objects.exclude(insee__in=COMMUNES).order_by("insee")[:6]
    build(communes=more, progress=False)
    build(communes=more, progress=False, language="en")
    large = {path: _count(client, path) for path in pages}
    assert large == small, (small, large)
    # At most the routing's few more than the French page: the locale, the English home,
    # and for an untranslated page the French tree's home.
    french = {path: _count(client, path.removeprefix("/en")) for path in pages}
    over = {p: (large[p], french[p]) for p in pages if large[p] > french[p] + 3}
    assert not over, over
