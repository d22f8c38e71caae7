"""Fixtures for the events suite: the agenda page and events built by the shared factories."""

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory, at


@pytest.fixture
def agenda(seeded):
    return EventIndexPageFactory()


@pytest.fixture
def make_event(agenda):
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
