"""SQL queries per public page, uncached by the page cache, at two sizes of data: at most
ten, and as many with more items listed (no query per item).

Each page is asked for once to warm what is cached apart from it (the menu, breadcrumbs
and footer fragments, image renditions), with the page cache off; the second request is
counted. Pages that other parts of the work are rewriting are marked as known to exceed.
"""

import io

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.factories import ProfileFactory, UserFactory
from directory.models import Profile
from events.factories import EventPageFactory, at
from events.models import EventIndexPage
from home.factories import NewsPageFactory, TelecentrePageFactory
from home.models import (
    Commune,
    CommunePage,
    NewsIndexPage,
    NewsPage,
    TelecentreIndexPage,
    TelecentrePage,
)
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory
from training.models import TrainingCoursePage

pytestmark = pytest.mark.django_db

LIMIT = 10
COMMUNE = "15138"  # Murat: centres, dates and freelancers around


def _build_communes(*insee):
    call_command("build_communes", *insee, "--no-progress", stdout=io.StringIO())


def _paths():
    news = NewsPage.objects.live().order_by("-date").first() or NewsPageFactory(
        parent=NewsIndexPage.objects.get()
    )
    centre = TelecentrePage.objects.live().first()
    event = EventIndexPage.objects.get().get_children().live().first() or EventPageFactory(
        parent=EventIndexPage.objects.get(), start=at(5)
    )
    course = TrainingCoursePage.objects.live().first() or TrainingCoursePageFactory(
        parent=TrainingCalendarPageFactory(), sessions=[{"start": at(6), "capacity": 10}]
    )
    profile = Profile.objects.public().first() or ProfileFactory(user=UserFactory())
    if not CommunePage.objects.filter(commune__insee=COMMUNE).exists():
        _build_communes(COMMUNE, "15025", "15014")
        ProfileFactory(user=UserFactory(), commune=Commune.objects.get(insee=COMMUNE))
    return {
        "home": "/",
        "news index": NewsIndexPage.objects.get().url,
        "news item": news.url,
        "news rss": NewsIndexPage.objects.get().url + "rss/",
        "centres index": TelecentreIndexPage.objects.get().url,
        "centre": centre.url,
        "agenda": EventIndexPage.objects.get().url,
        "event": event.url,
        "training": course.get_parent().url,
        "course": course.url,
        "directory": "/annuaire/",
        "profile": profile.get_absolute_url(),
        "search": "/recherche/?q=Aurillac",
        "site map": "/plan-du-site/",
        "sitemap.xml": "/sitemap.xml",
        "calendar": "/agenda/calendrier.ics",
        "standard page": "/mentions-legales/",
        "commune": CommunePage.objects.get(commune__insee=COMMUNE).url,
    }


def _more_items():
    """Twice as much of everything that pages list."""
    news_index = NewsIndexPage.objects.get()
    for i in range(12):
        NewsPageFactory(parent=news_index, title=f"Nouvelle de plus n° {i}")
    centres = TelecentreIndexPage.objects.get()
    for i in range(6):
        TelecentrePageFactory(parent=centres, title=f"Télécentre de plus n° {i}")
    agenda = EventIndexPage.objects.get()
    for i in range(8):
        EventPageFactory(parent=agenda, title=f"Rencontre de plus n° {i}", start=at(3 + i))
    calendar = TrainingCalendarPageFactory()
    for i in range(6):
        TrainingCoursePageFactory(
            parent=calendar,
            title=f"Formation de plus n° {i}",
            sessions=[{"start": at(4 + i), "capacity": 10}],
        )
    for i in range(25):
        ProfileFactory(user=UserFactory(), display_name=f"Indépendante n° {i}")
    # More neighbouring communes' pages, and freelancers based in and near Murat.
    _build_communes(*Commune.objects.values_list("insee", flat=True)[:60])
    near = list(Commune.objects.filter(insee__in=[COMMUNE, "15025", "15041"]))
    for i in range(6):
        ProfileFactory(user=UserFactory(), commune=near[i % len(near)], skills=["Paie"])


def _count(client, path):
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _counts():
    client = Client()
    return {name: _count(client, path) for name, path in _paths().items()}


@pytest.fixture
def counts(demo, settings):
    settings.PAGE_CACHE_ENABLED = False
    small = _counts()
    _more_items()
    return small, _counts()


def test_every_public_page_is_flat_and_within_ten_queries(counts):
    small, large = counts
    report = {name: (small[name], large[name]) for name in small}
    grew = {name: sizes for name, sizes in report.items() if sizes[1] > sizes[0]}
    over = {name: sizes for name, sizes in report.items() if max(sizes) > LIMIT}
    assert not grew, f"queries grow with items: {grew} (all: {report})"
    assert not over, f"more than {LIMIT} queries: {over} (all: {report})"


def _publish_for(path):
    """The page at ``path`` published again as it is (for views outside the tree, a news
    item): what an editor's publish clears, the next visitor pays for."""
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    page = Page.objects.filter(url_path=root.url_path + path.split("?")[0].lstrip("/")).first()
    page = page.specific if page else NewsPage.objects.live().order_by("-date").last()
    page.save_revision().publish()


def test_the_first_request_after_a_page_own_publish_is_within_ten_queries(demo, settings):
    """The issue's aim for the uncached page: page cache on, the page (or a news item)
    just published; its listings stored apart stay (portal/listing_cache.py)."""
    settings.PAGE_CACHE_ENABLED = True
    paths = _paths()
    for path in paths.values():
        Client().get(path)
    counts = {}
    for name, path in paths.items():
        _publish_for(path)
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(path)
        assert response.status_code == 200, path
        counts[name] = len(queries)
    over = {name: n for name, n in counts.items() if n > LIMIT}
    assert not over, f"more than {LIMIT} queries: {over} (all: {counts})"
    # The home page and search, over ten before their listings were stored apart; search
    # reads its public hits and the published type's results (the other types' are stored
    # apart, search.site._results).
    assert counts["home"] <= 6 and counts["search"] <= 3, counts
