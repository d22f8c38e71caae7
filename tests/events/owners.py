"""The kinds of page that own Slots, for the engine's tests (see ``tests/events/conftest.py``)."""

import pytest

OWNERS = ("event", "course")

# Runs a test once per kind of owning page: ``make_event``, ``event`` and ``slot`` are then an
# event page, or a training course with one session.
both_owners = pytest.mark.parametrize("owner", OWNERS, indirect=True)
