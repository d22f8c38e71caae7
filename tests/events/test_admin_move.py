"""Moving a registrant (issue 10, item 7): only to another date of the same event."""

import datetime
import re

import pytest

from events.factories import RegistrationFactory, at
from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(make_event):
    start = at(10, 14)
    page = make_event(
        title="Café-coworking du mardi",
        capacity=2,
        start=start,
        repeat="weekly",
        repeat_until=(start + datetime.timedelta(days=14)).date(),
    )
    return list(page.slots.order_by("start"))


def test_the_move_select_offers_only_the_other_dates_of_the_same_event(
    admin_client, series, make_event
):
    first, second, third = series
    elsewhere = make_event(title="Un autre atelier", capacity=10, start=at(12)).slots.get()
    RegistrationFactory(slot=first, name="Camille", email="camille@example.org")
    html = admin_client.get(f"/admin/inscriptions/{first.pk}/").content.decode()
    select = re.search(r'<select name="to_slot"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="(\d+)"', select.group(1))
    assert values == [str(second.pk), str(third.pk)]
    assert str(elsewhere.pk) not in values
    assert "max-width" in select.group(0)  # the select never pushes the table out
    assert "(0 / 2)" in select.group(1)  # each date with its seats taken
    # A forged target on another event is refused, the registration stays.
    registration = Registration.objects.get()
    response = admin_client.post(
        f"/admin/inscriptions/inscription/{registration.pk}/deplacer/",
        {"to_slot": elsewhere.pk},
        follow=True,
    )
    assert "Choisissez la date vers laquelle déplacer" in response.content.decode()
    assert Registration.objects.get().slot == first


def test_moving_to_another_date_frees_the_seat_for_the_waiting_list(
    admin_client, series, django_capture_on_commit_callbacks
):
    first, second, _third = series
    people = [
        RegistrationFactory(slot=first, name=f"Personne {i}", email=f"p{i}@example.org")
        for i in range(3)
    ]
    assert Registration.objects.get(pk=people[2].pk).status == "waitlisted"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/inscriptions/inscription/{people[0].pk}/deplacer/", {"to_slot": second.pk}
        )
    moved = Registration.objects.get(pk=people[0].pk)
    assert moved.slot == second and moved.status == "confirmed"
    assert Registration.objects.get(pk=people[2].pk).status == "confirmed"
