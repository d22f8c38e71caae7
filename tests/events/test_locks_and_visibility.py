"""The engine's guards: the Slot lock (timeout, only inside a transaction, durable decisions),
``sync_slots`` under that lock, and public dates that follow Wagtail's view restrictions."""

import threading
import time

import pytest

from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.test import Client

from wagtail.models import PageViewRestriction

from events import locks, services
from events.factories import RegistrationFactory, at
from events.models import EventPage, Slot
from tests.text import french

pytestmark = pytest.mark.django_db


def form_data(slot, **overrides):
    return {
        "slot": str(slot.pk),
        "name": "Camille Fabre",
        "email": "camille.fabre@example.org",
        "consent": "on",
        **overrides,
    }


def test_locking_outside_a_transaction_is_refused(transactional_db, slot):
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        locks.lock(slot.pk)


def test_decisions_refuse_to_run_inside_a_callers_transaction(transactional_db, slot):
    """A decision commits when it returns: a caller's rollback can't undo a promised seat."""
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.register(slot, name="Anne", email="anne@example.org", consent=True)
    assert not slot.registrations.exists()
    result = services.register(slot, name="Anne", email="anne@example.org", consent=True)
    assert result.status == "confirmed"


class LockHolder(threading.Thread):
    """Another worker: holds ``slot``'s row lock (its own connection) until released."""

    def __init__(self, slot_id):
        super().__init__(daemon=True)
        self.slot_id, self.locked, self.release = slot_id, threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                Slot.objects.select_for_update().get(pk=self.slot_id)
                self.locked.set()
                self.release.wait(30)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join(10)


def test_postgres_sign_up_and_cancel_answer_busy_while_the_date_stays_locked(
    postgres_only, transactional_db, client, event, slot, settings
):
    assert settings.SLOT_LOCK_TIMEOUT_MS == 3000
    registration = RegistrationFactory(slot=slot, email="deja@example.org")
    with LockHolder(slot.pk):
        started = time.monotonic()
        response = client.post(event.url, form_data(slot), follow=True)
        waited = time.monotonic() - started
        cancel = Client().post(registration.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "3"
    assert 2.5 < waited < 6, waited  # the lock timeout, not a hung worker
    assert french("Beaucoup de demandes en même temps : réessayez dans quelques secondes.") in html
    assert 'value="Camille Fabre"' in html  # what was typed is kept for the retry
    assert cancel.status_code == 429
    assert "Beaucoup de demandes en même temps" in cancel.content.decode()
    assert list(slot.registrations.values_list("email", "status")) == [
        ("deja@example.org", "confirmed")
    ]
    # Once the other worker is done, the same sign-up goes through.
    assert client.post(event.url, form_data(slot)).status_code == 303
    assert slot.registrations.filter(status="confirmed").count() == 2


def test_postgres_publish_never_overwrites_a_capacity_change_made_meanwhile(
    postgres_only, transactional_db, make_event
):
    """An editor publishes a new title while another worker raises the date's capacity (and
    promotes the queue): the publish must not write back the capacity it read before."""
    page = make_event(title="Atelier", capacity=3, start=at(10))
    slot = page.slots.get()
    for i in range(5):
        RegistrationFactory(slot=slot, email=f"p{i}@example.org")  # 3 confirmed, 2 waiting
    editor_copy = EventPage.objects.get(pk=page.pk)  # the page as the editor loaded it
    other_worker = threading.Thread(
        target=lambda: (services.set_capacity(slot, 5), connection.close()), daemon=True
    )

    def meanwhile(sender, instance, **kwargs):
        if instance.pk == slot.pk and not other_worker.is_alive() and not other_worker.ident:
            other_worker.start()
            other_worker.join(1)  # it commits now, unless the publish holds the lock

    pre_save.connect(meanwhile, sender=Slot)
    try:
        editor_copy.title = "Atelier (nouveau titre)"
        editor_copy.save_revision().publish()
    finally:
        pre_save.disconnect(meanwhile, sender=Slot)
        other_worker.join(10)
    slot.refresh_from_db()
    confirmed = slot.registrations.filter(status="confirmed").count()
    assert slot.title == "Atelier (nouveau titre)"
    assert (slot.capacity, confirmed) == (5, 5)  # the raise stands; never more people than seats


def test_a_restricted_agenda_keeps_its_dates_off_the_feed_the_home_and_centre_pages(
    client, make_event, agenda
):
    from home.models import TelecentrePage

    centre = TelecentrePage.objects.get(slug="murat")
    make_event(title="Réunion interne à Murat", telecentre=centre, start=at(3))
    pages = {
        "feed": "/agenda/calendrier.ics",
        "centre feed": "/agenda/calendrier.ics?telecentre=murat",
        "home": "/",
        "centre": "/telecentres/murat/",
    }
    for name, url in pages.items():
        assert "Réunion interne à Murat" in client.get(url).content.decode(), name
    PageViewRestriction.objects.create(page=agenda, restriction_type="login")
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Réunion interne" not in response.content.decode(), name
    assert not Slot.objects.public().filter(title="Réunion interne à Murat").exists()
    assert Slot.objects.filter(title="Réunion interne à Murat").exists()


def test_unpublished_event_dates_are_not_public(make_event):
    page = make_event(title="Brouillon", start=at(3))
    assert Slot.objects.public().filter(page=page).exists()
    page.unpublish()
    assert not Slot.objects.public().filter(page=page).exists()


def test_postgres_sign_ups_for_other_dates_do_not_wait_for_a_locked_date(
    postgres_only, transactional_db, make_event
):
    """The lock is one date's row: while a sign-up holds the first date of a series (and a
    second one waits for it), a sign-up for the next date of the same series goes through."""
    series = make_event(
        title="Café numérique", start=at(7), repeat="weekly", repeat_until=at(14).date()
    )
    first, second = series.slots.order_by("start")[:2]
    waiting = {}

    def sign_up_first():
        try:
            waiting["result"] = services.register(
                first, name="Anne", email="anne@example.org", consent=True
            )
        finally:
            connection.close()

    with LockHolder(first.pk):
        queued = threading.Thread(target=sign_up_first, daemon=True)
        queued.start()
        time.sleep(0.3)
        assert queued.is_alive()  # the first date's sign-up waits for its lock
        started = time.monotonic()
        result = services.register(second, name="Paul", email="paul@example.org", consent=True)
        elapsed = time.monotonic() - started
        assert queued.is_alive()
    queued.join(10)
    assert result.status == "confirmed" and elapsed < 1, elapsed
    assert waiting["result"].status == "confirmed"
    assert sorted(
        Slot.objects.filter(registrations__isnull=False).values_list("pk", flat=True)
    ) == sorted([first.pk, second.pk])
