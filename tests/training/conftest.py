"""Fixtures for the training suite: the calendar page and courses built by the shared factories.

``event``, ``slot`` and ``make_event`` give the events engine's interface (a page that owns
Slots, one of its Slots, a page with one bookable date) for a *training session*, so the
engine's own tests run unchanged against sessions (see ``test_engine_shared.py``).
"""

import datetime

import pytest

from events.factories import at
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory


@pytest.fixture
def calendar(seeded):
    return TrainingCalendarPageFactory()


@pytest.fixture
def make_course(calendar):
    def make(**kwargs):
        kwargs.setdefault("parent", calendar)
        return TrainingCoursePageFactory(**kwargs)

    return make


SESSION_FIELDS = {"capacity", "telecentre", "online", "online_url", "waitlist_enabled"}
COURSE_FIELDS = {"title", "audience", "theme", "price", "certificate", "introduction"}


@pytest.fixture
def make_event(make_course):
    """A course with one session, taking the keyword arguments of the events suite's ``make_event``."""

    def make(start=None, end=None, **kwargs):
        unknown = set(kwargs) - SESSION_FIELDS - COURSE_FIELDS
        if unknown:
            raise TypeError(f"not a training session field: {', '.join(sorted(unknown))}")
        start = start or at(7)
        session = {"start": start, "end": end or start + datetime.timedelta(hours=2)}
        session["capacity"] = kwargs.pop("capacity", 30)
        session.update({key: kwargs.pop(key) for key in list(kwargs) if key in SESSION_FIELDS})
        return make_course(sessions=[session], **kwargs)

    return make


@pytest.fixture
def event(make_event):
    return make_event(title="Atelier découverte du télétravail", capacity=3, start=at(10, 14))


@pytest.fixture
def slot(event):
    return event.slots.get()
