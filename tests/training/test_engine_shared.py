"""The events engine's own tests, run unchanged against training sessions.

Every test of ``tests/events`` that goes through the engine's interface (the ``slot``,
``event``, ``make_event`` fixtures: a page owning Slots) is collected here too, with this
directory's fixtures, where that page is a ``TrainingCoursePage`` and the Slot one of its
sessions. So capacity, the waiting list, refusals, cancellation links, promotion, reminders,
the outbox, the emailed ``.ics``, the editors' screens hold for sessions as they do for events.

Tests about what only an ``EventPage`` has (its own date fields, repeats, the agenda's pages)
are listed in ``EVENT_PAGE_ONLY``; training has its own tests for the same behaviour.
"""

import inspect

import pytest

from tests.events import test_admin, test_calendar, test_engine, test_signup_views

pytestmark = pytest.mark.django_db

SHARED_MODULES = [test_engine, test_signup_views, test_admin, test_calendar]
ENGINE_FIXTURES = {"slot", "event", "make_event", "full_slot"}
EVENT_PAGE_ONLY = {
    # EventPage.start/end/repeat edited then published: see test_session_edits_* in test_course.py
    "test_page_publish_syncs_slots_and_bumps_sequence",
    "test_recurring_meetup_gets_one_bookable_date_per_first_tuesday",
    "test_recurring_series_has_one_event_per_date_in_its_own_file",
    "test_uid_is_stable_and_sequence_grows_when_the_date_changes",
    # URLs under /agenda/ and the agenda's own pages: see test_feeds.py
    "test_upcoming_hook_feeds_home_and_centre_pages",
    "test_network_feed_is_valid_icalendar_with_paris_times",
    "test_feeds_per_centre_and_per_audience",
    "test_khal_imports_the_feed_with_the_right_local_times",
}


def _is_fixture(value):
    return type(value).__name__ == "FixtureFunctionDefinition" or hasattr(
        value, "_pytestfixturefunction"
    )


def _shared():
    found = {}
    for module in SHARED_MODULES:
        for name, value in vars(module).items():
            if _is_fixture(value) and name not in ("slot", "event", "make_event"):
                found[name] = value  # a module's own fixture (``full_slot``)
            elif name.startswith("test_") and callable(value) and name not in EVENT_PAGE_ONLY:
                wanted = set(inspect.signature(value).parameters)
                if wanted & ENGINE_FIXTURES:
                    found[name] = value
    return found


globals().update(_shared())


def test_the_shared_suite_is_not_empty():
    tests = [name for name in _shared() if name.startswith("test_")]
    assert len(tests) >= 25, tests
