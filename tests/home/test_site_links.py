"""Links to the site's reference pages come from the « pages de référence » setting (page
choosers): renaming a page keeps every link to it right."""

import re

import pytest

from wagtail.models import Page

from home.factories import NewsPageFactory
from home.models import NewsIndexPage
from portal.demo import DEMO_SLUGS
from portal.models import SiteLinks

pytestmark = pytest.mark.django_db


def footer(html):
    return html[html.index('<footer class="site-footer"') : html.index("</footer>")]


def test_the_test_site_has_every_reference_page_chosen(small_site):
    links = SiteLinks.load()
    for name, slug in DEMO_SLUGS.items():
        assert getattr(links, name).slug == slug, name


def test_renaming_the_legal_page_keeps_the_footer_link_right(client, small_site):
    assert 'href="/mentions-legales/"' in footer(client.get("/").content.decode())
    legal = Page.objects.get(slug="mentions-legales").specific
    legal.slug = "informations-legales"
    legal.save_revision().publish()
    html = footer(client.get("/").content.decode())
    assert 'href="/informations-legales/">Mentions légales</a>' in html
    assert "/mentions-legales/" not in html
    assert client.get("/informations-legales/").status_code == 200


def test_renaming_the_news_page_moves_the_rss_links(client, small_site):
    news = NewsIndexPage.objects.get()
    NewsPageFactory(parent=news)  # the home page lists it, with a link to all the news
    news.slug = "nouvelles"
    news.save_revision().publish()
    html = client.get("/").content.decode()
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="/nouvelles/rss/"', html
    )
    assert 'href="/nouvelles/rss/">Flux RSS des actualités</a>' in footer(html)
    assert 'href="/nouvelles/">Toutes les actualités</a>' in html
    assert client.get("/nouvelles/rss/").status_code == 200


def test_a_link_left_empty_is_not_shown(client, small_site):
    links = SiteLinks.load()
    links.accessibility_page = None
    links.save()
    html = footer(client.get("/").content.decode())
    assert "Accessibilité" not in html and "Mentions légales" in html


def test_the_setting_and_its_pages_are_read_in_one_query(
    client, small_site, settings, django_assert_max_num_queries
):
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = False
    client.get("/plan-du-site/")  # Wagtail's own caches warm
    caches["pages"].clear()  # the footer is rendered again, not read from its fragment
    with django_assert_max_num_queries(30) as queries:
        client.get("/plan-du-site/")
    sql = [q["sql"] for q in queries.captured_queries]
    # One query for the setting and its six pages (select_related), none per link.
    assert sum('FROM "portal_sitelinks"' in q for q in sql) == 1
    by_id = [q for q in sql if re.search(r'WHERE "wagtailcore_page"\."id" = \d+', q)]
    assert by_id == []
