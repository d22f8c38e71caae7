"""Fixtures for the training suite: the calendar page and courses built by the shared factories.

The events engine's own tests run against training sessions too: see ``tests/events/owners.py``.
"""

import pytest

from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory


@pytest.fixture
def calendar(small_site):
    return TrainingCalendarPageFactory()


@pytest.fixture
def make_course(calendar):
    def make(**kwargs):
        kwargs.setdefault("parent", calendar)
        return TrainingCoursePageFactory(**kwargs)

    return make
