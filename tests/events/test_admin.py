"""Editors' screens: registrants per date, waiting list order, CSV, check-in, cancel, move, message."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from events.factories import RegistrationFactory
from events.models import Registration
from portal.mail import run_queue
from tests.events.owners import both_owners

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_slot(slot):
    people = [
        RegistrationFactory(slot=slot, name=f"Personne {i}", email=f"p{i}@example.org")
        for i in range(5)
    ]
    return slot, people


@both_owners
def test_registrants_with_status_counts_and_queue_order(admin_client, full_slot):
    slot, _people = full_slot
    index = admin_client.get("/admin/inscriptions/").content.decode()
    assert slot.title in index and "3 / 3" in index
    html = admin_client.get(f"/admin/inscriptions/{slot.pk}/").content.decode()
    assert "3 confirmés sur 3 places, 2 en liste d’attente" in html
    assert html.index("p3@example.org") < html.index("p4@example.org")
    assert "mailto:p0@example.org" in html


@both_owners
def test_csv_export_has_a_bom_and_accents(admin_client, slot):
    RegistrationFactory(slot=slot, name="Élodie Fabre", organisation="Mairie de Riom-ès-Montagnes")
    response = admin_client.get(f"/admin/inscriptions/inscrits/?slot={slot.pk}&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.getvalue()  # streamed
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Statut;Position en attente;Nom;Adresse électronique")
    assert "Élodie Fabre" in row and "Riom-ès-Montagnes" in row and row.startswith("confirmée;")


@both_owners
def test_check_in_cancel_and_move_from_the_admin(
    admin_client, full_slot, make_event, django_capture_on_commit_callbacks, mailoutbox
):
    slot, people = full_slot
    admin_client.post(f"/admin/inscriptions/inscription/{people[0].pk}/presence/", {"present": "1"})
    assert Registration.objects.get(pk=people[0].pk).checked_in_at is not None
    assert "1 présents" in admin_client.get(f"/admin/inscriptions/{slot.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/inscriptions/inscription/{people[1].pk}/annuler/", follow=True
        )
    assert "Promu(s) depuis la liste d’attente : Personne 3" in response.content.decode()
    assert not mailoutbox  # the emails wait for the `email` job
    run_queue()
    assert {m.to[0] for m in mailoutbox} == {"p1@example.org", "p3@example.org"}
    # Another event is no place to move a registrant to (tests/events/test_admin_move.py
    # moves between the dates of one event).
    other = make_event(title="Un autre atelier", capacity=10).slots.get()
    response = admin_client.post(
        f"/admin/inscriptions/inscription/{people[2].pk}/deplacer/",
        {"to_slot": other.pk},
        follow=True,
    )
    assert "Choisissez la date vers laquelle déplacer" in response.content.decode()
    assert Registration.objects.get(pk=people[2].pk).slot == slot


@both_owners
def test_message_to_all_registrants(
    admin_client, full_slot, django_capture_on_commit_callbacks, mailoutbox
):
    slot, _people = full_slot
    url = f"/admin/inscriptions/{slot.pk}/message/"
    assert admin_client.post(url, {"subject": "", "body": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"subject": "Changement de salle", "body": "Rendez-vous salle 2."}, follow=True
        )
    assert "Message envoyé à 3 personne(s)" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    assert (
        "Rendez-vous salle 2." in mailoutbox[0].body
        and "/agenda/inscription/" in mailoutbox[0].body
    )


@both_owners
def test_registrants_emails_are_visible_only_to_editors(client, full_slot):
    slot, _people = full_slot
    User = get_user_model()
    writer = User.objects.create_user("auteur", password="x", is_staff=True)
    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(writer)
    response = client.get(f"/admin/inscriptions/{slot.pk}/")
    assert response.status_code == 302
    assert (
        "p0@example.org"
        not in client.get(f"/admin/inscriptions/inscrits/?slot={slot.pk}&export=csv", follow=True)
        .getvalue()
        .decode()
    )
    editors = Group.objects.get(name="Editors")
    from events.demo import _grant_editors

    _grant_editors()
    writer.groups.add(editors)
    writer = User.objects.get(pk=writer.pk)
    client.force_login(writer)
    assert "p0@example.org" in client.get(f"/admin/inscriptions/{slot.pk}/").content.decode()
