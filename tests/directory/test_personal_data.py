"""RGPD: the export holds everything the site keeps about a person; deleting the account
erases or anonymises all of it, frees their seats for the waiting list, and says what it did."""

import json

import pytest
from allauth.account.models import EmailAddress

from django.db import connection
from django.test import Client

from directory.factories import ContactMessageFactory, ProfileFactory, UserFactory, image_upload
from directory.photos import save_photo
from events import services
from events.factories import EventPageFactory, at
from events.models import Registration
from events.outbox import queue_message
from portal import mail
from tests.text import french
from training.factories import TrainingCoursePageFactory

pytestmark = pytest.mark.django_db

NAME = "Zoé Quennevilliers"
EMAIL = "zoe.quennevilliers@example.org"
WORK_EMAIL = "zq@atelier-quennevilliers.fr"  # a second verified address
PHONE = "04 71 98 76 54"
ORGANISATION = "Atelier Quennevilliers"
NEEDLES = ["quennevilliers", PHONE, "zq@", "Zoé Q"]


def scan_database():
    """Every value of every column of every table, searched for the person's strings."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                found += [(table, n) for n in NEEDLES if n.lower() in text]
    # The mail queue keeps each email encoded: read them decoded too.
    from mailer.models import Message, MessageLog

    for model in (Message, MessageLog):
        for row in model.objects.all():
            message = row.email
            text = message.message().as_string().lower() if message else ""
            text += " " + " ".join(message.to if message else []).lower()
            found += [(model._meta.db_table, n) for n in NEEDLES if n.lower() in text]
    return sorted(set(found))


def sign_up(slot, **kwargs):
    kwargs.setdefault("name", NAME)
    kwargs.setdefault("email", EMAIL)
    return services.register(
        slot, organisation=ORGANISATION, phone=PHONE, consent=True, **kwargs
    ).registration


@pytest.fixture
def person(small_site, django_capture_on_commit_callbacks):
    # The emails are sent as in production: after the commit, and by the `email` job (cron).
    with django_capture_on_commit_callbacks(execute=True):
        made = _person()
    mail.run_queue()
    return made


def _person():
    user = UserFactory(username="zoe", email=EMAIL, first_name="Zoé", last_name="Quennevilliers")
    EmailAddress.objects.create(user=user, email=WORK_EMAIL, verified=True)
    # Added but never verified: not proof the address is hers, so it is not matched.
    EmailAddress.objects.create(user=user, email="pas-a-elle@example.org", verified=False)
    profile = ProfileFactory(user=user, display_name=NAME, headline="Traductrice")
    profile.photo = save_photo(image_upload(), "jpg", profile.slug)
    profile.save()
    ContactMessageFactory(profile=profile, sender_name="Jeanne Martin")
    ContactMessageFactory(profile=profile, sender_name="Luc Bernard")

    # An event where she holds the only seat and Paul waits; one where she waits herself.
    event = EventPageFactory(title="Atelier fiscalité", capacity=1, start=at(12))
    seat = event.slots.get()
    sign_up(seat, user=user)
    services.register(seat, name="Paul Attente", email="paul@example.org", consent=True)
    full = EventPageFactory(title="Conférence IA", capacity=1, start=at(15)).slots.get()
    services.register(full, name="Other", email="other@example.org", consent=True)
    sign_up(full, email=WORK_EMAIL)
    # A training session (typed address, not signed in), and a past one she attended.
    course = TrainingCoursePageFactory(title="Tableur", sessions=[{"start": at(20, 9)}])
    sign_up(course.slots.get())
    past_page = EventPageFactory(title="Café numérique", start=at(5))
    past = past_page.slots.get()
    services.check_in(sign_up(past))
    past.start, past.end = at(-5), at(-5, 16)
    past.save()
    # Someone else's sign-up with the address she never verified stays theirs.
    services.register(full, name="Pas elle", email="pas-a-elle@example.org", consent=True)
    queue_message(Registration.objects.get(slot=seat, email=EMAIL), "Salle", "Salle 2.")
    return user, seat


def test_export_lists_account_profile_messages_sign_ups_and_emails(client, person):
    user, _seat = person
    client.force_login(user)
    data = json.loads(client.get("/compte/donnees/").content)
    assert {a["email"] for a in data["account"]["email_addresses"]} >= {EMAIL, WORK_EMAIL}
    assert data["directory_profile"]["display_name"] == NAME
    senders = {m["sender_name"] for m in data["directory_profile"]["messages_received"]}
    assert senders == {"Jeanne Martin", "Luc Bernard"}
    sign_ups = {(r["title"], r["status"], r["attended"]) for r in data["registrations"]}
    assert sign_ups == {
        ("Atelier fiscalité", "confirmée", False),
        ("Conférence IA", "en liste d’attente", False),
        ("Tableur", "confirmée", False),
        ("Café numérique", "confirmée", True),
    }
    waiting = next(r for r in data["registrations"] if r["title"] == "Conférence IA")
    assert waiting["waitlist_position"] == 1 and waiting["email"] == WORK_EMAIL
    assert {r["phone"] for r in data["registrations"]} == {PHONE}
    assert {r["organisation"] for r in data["registrations"]} == {ORGANISATION}
    queued = data["emails"]
    assert {e["to"] for e in queued} == {EMAIL, WORK_EMAIL}
    subjects = " ".join(e["subject"] for e in queued)
    assert "Atelier fiscalité" in subjects and "Conférence IA" in subjects and "Salle" in subjects
    assert {e["status"] for e in queued} == {"sent"}
    assert "pas-a-elle@example.org" not in json.dumps(data["registrations"] + queued)


def test_export_lists_a_sign_up_email_still_waiting_for_the_email_job(client, person):
    user, _seat = person
    other = EventPageFactory(title="Atelier sauvegardes", start=at(25)).slots.get()
    sign_up(other, user=user)  # its email waits for the `email` job (within the minute)
    client.force_login(user)
    data = json.loads(client.get("/compte/donnees/").content)
    [waiting] = [e for e in data["emails"] if e["status"] == "queued"]
    assert waiting["to"] == EMAIL and waiting["subject"].startswith("Inscription confirmée")
    assert "Atelier sauvegardes" in waiting["subject"]
    assert waiting["status_label"] == "en attente d’envoi"


def test_deleting_the_account_erases_everything_and_frees_the_seat(
    client, person, django_capture_on_commit_callbacks
):
    user, seat = person
    before = scan_database()
    assert {table for table, _n in before} >= {
        "auth_user",
        "account_emailaddress",
        "directory_profile",
        "events_registration",
        "mailer_messagelog",
        "wagtailimages_image",
    }
    emails_before = len(mail.personal_data(EMAIL)) + len(mail.personal_data(WORK_EMAIL))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/supprimer/", {"password": "cantal-dev-2026"}, follow=True)
    html = response.content.decode()
    assert (
        french(
            "Votre compte a été supprimé, ainsi que : votre profil, sa photo, 2 messages reçus, "
            "4 inscriptions anonymisées (dont 3 à venir, annulées), "
            f"{emails_before} courriels."
        )
        in html
    )
    assert scan_database() == []
    # Her seat went to the person waiting, who is told; her sign-ups still count as figures.
    paul = Registration.objects.get(slot=seat, email="paul@example.org")
    assert paul.status == "confirmed" and paul.promoted_at is not None
    mail.run_queue()  # the `email` job
    assert any("paul@example.org" in e["to"] for e in mail.personal_data("paul@example.org"))
    assert mail.personal_data(EMAIL) == [] and mail.personal_data(WORK_EMAIL) == []
    anonymised = Registration.objects.filter(anonymised_at__isnull=False)
    assert sorted(anonymised.values_list("status", flat=True)) == [
        "cancelled",
        "cancelled",
        "cancelled",
        "confirmed",  # the past session she attended: kept as a figure, with its check-in
    ]
    assert anonymised.filter(checked_in_at__isnull=False).count() == 1
    assert Registration.objects.filter(email="pas-a-elle@example.org", name="Pas elle").exists()
    assert Client().get("/compte/").status_code == 302


def test_postgres_deletion_that_cannot_lock_a_date_erases_nothing(
    postgres_only, transactional_db, client, person
):
    """One transaction: when a date stays locked by another worker, the person is asked to
    retry and nothing at all is erased (not the profile, not the other sign-ups)."""
    from tests.events.test_locks_and_visibility import LockHolder

    user, seat = person
    before = scan_database()
    client.force_login(user)
    with LockHolder(seat.pk):
        response = client.post("/compte/supprimer/", {"password": "cantal-dev-2026"})
    assert response.status_code == 429
    assert "Beaucoup de demandes en même temps" in response.content.decode()
    assert scan_database() == before
    assert Registration.objects.get(slot=seat, email=EMAIL).status == "confirmed"


def test_privacy_page_says_what_is_kept_and_for_how_long(client, small_site, settings):
    html = client.get("/donnees-personnelles/").content.decode()
    for words in [
        f"{settings.REGISTRATION_RETENTION_DAYS} jours après la date, elles sont",
        f"l’expéditeur, {settings.CONTACT_MESSAGE_RETENTION_DAYS} jours",
        "file d’envoi",
        "journaux techniques",
        "vos inscriptions à venir sont annulées",
        "jamais publiée",
    ]:
        assert words in html, words
