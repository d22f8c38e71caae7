"""The demo calendar: about fifteen courses across the themes, sessions ahead, one path; idempotent."""

import datetime

import pytest

from django.utils import timezone

from events.models import Slot
from training.demo import seed_training
from training.models import LearningPathPage, Theme, TrainingCoursePage

pytestmark = pytest.mark.django_db


def test_seed_builds_the_calendar_once(client, small_site):
    assert seed_training() == 15
    assert seed_training() == 0
    courses = TrainingCoursePage.objects.live()
    assert courses.count() == 15
    assert set(courses.values_list("theme", flat=True)) == set(Theme.values)
    slots = Slot.objects.filter(page__in=courses)
    upcoming = slots.filter(start__gte=timezone.now())
    horizon = timezone.now() + datetime.timedelta(days=92)
    assert upcoming.count() >= 25 and not upcoming.filter(start__gt=horizon).exists()
    assert upcoming.filter(online=True).exists()
    assert upcoming.exclude(telecentre=None).values("telecentre").distinct().count() >= 6
    assert slots.filter(end__lt=timezone.now(), registrations__checked_in_at__isnull=False).exists()
    [path] = LearningPathPage.objects.all()
    assert (
        path.title == "Devenir télétravailleur indépendant en 5 étapes" and path.steps.count() == 5
    )
    assert client.get("/formations/").status_code == 200
    assert client.get(path.url).status_code == 200
