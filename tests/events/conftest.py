"""Fixtures for the events suite: the agenda page and pages that own Slots.

``make_event``, ``event`` and ``slot`` are the engine's interface: a page that owns Slots,
one such page, one of its Slots. Which kind of page is the ``owner`` fixture: an event page,
unless a test is marked ``@both_owners``, which runs it once for an event page and once for
a training course whose session is the Slot. So capacity, the waiting list, refusals,
cancellation links, reminders, the emails and the editors' screens are tested for both.
"""

import datetime

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory, at
from tests.events.owners import OWNERS
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory


@pytest.fixture
def agenda(small_site):
    return EventIndexPageFactory()


@pytest.fixture
def owner(request):
    """``"event"`` or ``"course"`` (see ``tests.events.owners.both_owners``)."""
    return getattr(request, "param", "event")


SESSION_FIELDS = {"capacity", "telecentre", "online", "online_url", "waitlist_enabled"}
COURSE_FIELDS = {"title", "audience", "theme", "price", "certificate", "introduction"}


def _course_with_one_session(parent, start=None, end=None, **kwargs):
    """A course with one session, from the keyword arguments an event takes."""
    unknown = set(kwargs) - SESSION_FIELDS - COURSE_FIELDS
    if unknown:
        raise TypeError(f"not a training session field: {', '.join(sorted(unknown))}")
    start = start or at(7)
    session = {"start": start, "end": end or start + datetime.timedelta(hours=2)}
    session["capacity"] = kwargs.pop("capacity", 30)
    session.update({key: kwargs.pop(key) for key in list(kwargs) if key in SESSION_FIELDS})
    return TrainingCoursePageFactory(parent=parent, sessions=[session], **kwargs)


@pytest.fixture
def make_event(owner, small_site):
    assert owner in OWNERS, owner
    if owner == "course":
        calendar = TrainingCalendarPageFactory()
        return lambda **kwargs: _course_with_one_session(calendar, **kwargs)
    agenda = EventIndexPageFactory()

    def make(**kwargs):
        kwargs.setdefault("parent", agenda)
        return EventPageFactory(**kwargs)

    return make


@pytest.fixture
def event(make_event):
    return make_event(title="Atelier découverte du télétravail", capacity=3, start=at(10, 14))


@pytest.fixture
def slot(event):
    return event.slots.get()


@pytest.fixture
def make_course(small_site):
    calendar = TrainingCalendarPageFactory()
    return lambda **kwargs: TrainingCoursePageFactory(parent=calendar, **kwargs)
