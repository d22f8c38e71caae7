"""The two-query page route (portal.routing) gives Wagtail's own answer for every path."""

import pytest

from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page, Site

from home.factories import NewsPageFactory
from home.models import NewsIndexPage, TelecentrePage
from portal import routing

pytestmark = pytest.mark.django_db


def _wagtail(path):
    request = RequestFactory().get("/" + path)
    try:
        return _shape(Page.route_for_request(request, path))
    except Http404:
        return None


def _ours(path):
    request = RequestFactory().get("/" + path)
    site = Site.find_for_request(request)
    try:
        return _shape(routing.route(request, site, path))
    except Http404:
        return None
    except routing._Fallback:
        return "fallback"


def _shape(result):
    """What a route decides: the page (its specific class) and the view with its arguments."""
    if result is None:
        return None
    page, args, kwargs = result
    if args and callable(getattr(args[0], "__func__", None)):
        args = (args[0].__func__, *args[1:])
    return (type(page), page.pk, args, kwargs)


def _paths():
    pages = Page.objects.live().filter(depth__gt=2).order_by("path")
    paths = ["/".join(p.url_path.split("/")[2:]) for p in pages]
    news_index = NewsIndexPage.objects.get()
    centre = TelecentrePage.objects.live().first()
    news_url = "/".join(news_index.url_path.split("/")[2:])
    centre_url = "/".join(centre.url_path.split("/")[2:])
    return [
        *paths,
        news_url + "rss/",  # a routable page's own route
        news_url + "page/2/",
        centre_url + "nothing-here/",  # a plain page with more path: 404
        "no-such-section/",
        "no-such-section/deeper/",
        news_url + "no-such-item/",
    ]


def test_every_path_routes_as_wagtail_routes_it(demo):
    paths = _paths()
    assert len(paths) > 30
    different = {}
    for path in paths:
        ours = _ours(path)
        if ours != "fallback" and ours != _wagtail(path):
            different[path] = (ours, _wagtail(path))
    assert not different


def test_a_draft_section_hides_its_path_but_not_live_pages_below_it(small_site):
    news_index = NewsIndexPage.objects.get()
    item = NewsPageFactory(parent=news_index, title="Sous un brouillon")
    news_index.unpublish()
    news_url = "/".join(news_index.url_path.split("/")[2:])
    item_url = "/".join(Page.objects.get(pk=item.pk).url_path.split("/")[2:])
    assert _ours(news_url) is None and _wagtail(news_url) is None
    assert _ours(item_url) == _wagtail(item_url) is not None


def test_a_deep_page_routes_in_two_queries(small_site, django_assert_max_num_queries):
    from django.db import connection

    centre = TelecentrePage.objects.live().first()
    path = "/".join(centre.url_path.split("/")[2:])
    assert path.count("/") == 2
    request = RequestFactory().get("/" + path)
    site = Site.find_for_request(request)
    site.root_page.locale  # noqa: B018 (as the site fragment stores it)
    with CaptureQueriesContext(connection) as queries:
        page, _args, _kwargs = routing.route(request, site, path)
    assert page.pk == centre.pk and isinstance(page, TelecentrePage)
    assert len(queries) == 2


def test_english_paths_route_as_wagtail_routes_them_translated_or_not(demo):
    """Under /en/ the walk starts at the English home; a page with no English version is
    found in the French tree, as the home page's route() finds it."""
    from home.demo_english import seed_english

    seed_english()
    paths = _paths()
    with translation.override("en"):
        answers = {path: (_ours(path), _wagtail(path)) for path in paths}
    assert {path: pair for path, pair in answers.items() if pair[0] != pair[1]} == {}
    english = [pair[0] for pair in answers.values() if pair[0]]
    assert any(Page.objects.get(pk=pk).locale.language_code == "en" for _c, pk, _a, _k in english)
    assert any(Page.objects.get(pk=pk).locale.language_code == "fr" for _c, pk, _a, _k in english)


def test_a_renamed_page_answers_at_its_new_address_at_once(client, small_site):
    centre = TelecentrePage.objects.live().first()
    old = centre.url
    assert client.get(old).status_code == 200
    centre.slug = "nouvelle-adresse"
    centre.save_revision().publish()
    assert client.get(old).status_code == 404
    response = client.get(TelecentrePage.objects.get(pk=centre.pk).url)
    assert response.status_code == 200 and centre.title in response.text
