"""SQL queries of an event page and a course page: as many with 40 speakers, 12 sessions and
60 sign-ups as with one of each (no query per speaker, session or sign-up), and the page's
own part is one query for its dates (with their counts) and one for what it adds.

The rest of a page's queries (Wagtail's routing, view restrictions, menu, breadcrumbs, site
settings) are every page's, counted on a plain page of the same depth as the baseline.
"""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.factories import RegistrationFactory, at
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uncached(settings):
    """The queries of a page as rendered, not as served from the page cache."""
    settings.PAGE_CACHE_ENABLED = False


ROUTING = re.compile(r'WHERE "\w+"\."page_ptr_id" = \d+ LIMIT')  # a page's specific row


def queries(client, url):
    """The SQL of one anonymous GET (after a first one that warms Wagtail's caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def own(sql, apps=("events_", "training_")):
    """The queries on the apps' tables, but the page rows Wagtail's routing reads."""
    return [
        query
        for query in sql
        if any(f'FROM "{app}' in query for app in apps) and not ROUTING.search(query)
    ]


@pytest.fixture
def baseline(client, agenda):
    """The queries of a plain page beside the agenda's events (same depth): every page's."""
    page = StandardPageFactory(parent=agenda.get_parent(), title="Une page simple")
    plain = StandardPageFactory(parent=page, title="Sous-page")
    return len(queries(client, plain.url))


def _event(make_event, speakers, sign_ups):
    event = make_event(
        title=f"Rencontre {speakers}",
        capacity=100,
        speakers=[f"Intervenant {n}" for n in range(speakers)],
    )
    slot = event.slots.get()
    for n in range(sign_ups):
        RegistrationFactory(slot=slot, email=f"personne{n}@example.org")
    return event


def test_event_page_queries_stay_flat_as_speakers_and_sign_ups_grow(client, make_event, baseline):
    small = queries(client, _event(make_event, speakers=1, sign_ups=1).url)
    large = queries(client, _event(make_event, speakers=40, sign_ups=60).url)
    assert len(large) == len(small)
    assert len(own(large)) == 2, own(large)  # its dates with their counts, its speakers
    assert sum('"events_eventspeaker"' in query for query in large) == 1
    assert len(large) <= baseline + 2


def _course(make_course, sessions, sign_ups):
    course = make_course(
        title=f"Formation {sessions}",
        sessions=[
            {"start": at(5 + n), "end": at(5 + n) + datetime.timedelta(hours=3), "capacity": 99}
            for n in range(sessions)
        ],
    )
    for slot in course.slots.all():
        for n in range(sign_ups // sessions):
            RegistrationFactory(slot=slot, email=f"stagiaire{n}@example.org")
    return course


def test_course_page_queries_stay_flat_as_sessions_and_sign_ups_grow(client, make_course, baseline):
    small = queries(client, _course(make_course, sessions=1, sign_ups=1).url)
    large = queries(client, _course(make_course, sessions=12, sign_ups=60).url)
    assert len(large) == len(small)
    # its sessions with their counts, the public learning paths it is part of
    assert len(own(large)) == 2, own(large)
    assert len(large) <= baseline + 2


def test_the_page_a_sign_up_leads_to_costs_what_the_page_costs(client, make_event):
    event = _event(make_event, speakers=3, sign_ups=5)
    slot = event.slots.get()
    plain = len(queries(client, event.url))
    data = {"slot": slot.pk, "name": "Lou Vidal", "email": "lou@example.org", "consent": "on"}
    with CaptureQueriesContext(connection) as post:
        answer = client.post(event.url, data)
    assert answer.status_code == 303
    assert not any('"events_eventspeaker"' in q["sql"] for q in post.captured_queries)
    with CaptureQueriesContext(connection) as landing:
        assert client.get(answer["Location"]).status_code == 200
    # the session (read, then the message's deletion) on top of the page's own queries
    assert len(landing) <= plain + 3
