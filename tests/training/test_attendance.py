"""Attendance: editors check people in; people see it, their path progress and certificates."""

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from events import services
from events.factories import RegistrationFactory, at
from tests.text import french
from training.factories import LearningPathPageFactory

pytestmark = pytest.mark.django_db


def person(email="camille@example.org", username="camille"):
    user = get_user_model().objects.create_user(
        username, email=email, password="un-mot-de-passe-solide"
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def attended(make_course):
    """Camille attended a course that gives a certificate (signed up before having an account)."""
    course = make_course(
        title="Créer son activité", certificate=True, sessions=[{"start": at(-10)}]
    )
    slot = course.slots.get()
    registration = RegistrationFactory(
        slot=slot, name="Camille Fabre", email="camille@example.org", now=at(-20)
    )
    services.check_in(registration)
    return course, registration


def certificate_url(course, registration):
    return course.url + course.reverse_subpage("certificate", args=[registration.pk])


def test_editor_checks_in_from_the_admin_and_the_person_gets_a_certificate(client, make_course):
    course = make_course(
        title="Sécuriser ses données", certificate=True, sessions=[{"start": at(-3)}]
    )
    registration = RegistrationFactory(
        slot=course.slots.get(), name="Camille Fabre", email="camille@example.org", now=at(-8)
    )
    editor = get_user_model().objects.create_user("redactrice", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_registration", "change_registration", "access_admin"]
        )
    )
    client.force_login(editor)
    response = client.post(
        f"/admin/inscriptions/inscription/{registration.pk}/presence/", {"present": "1"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    client.force_login(person())
    html = client.get("/compte/inscriptions/").content.decode()
    assert "Sécuriser ses données" in html and "Présence notée le" in html
    url = certificate_url(course, registration)
    assert f'href="{url}"' in html and "Télécharger l’attestation de formation" in html
    certificate = client.get(url)
    assert certificate.status_code == 200
    text = certificate.content.decode()
    assert text.count("<h1") == 1 and "Attestation de formation" in text
    assert (
        "Camille Fabre" in text
        and french("« Sécuriser ses données »") in text
        and "3 heures" in text
    )
    assert (
        'class="certificate-page"' in text and 'name="robots" content="noindex, nofollow"' in text
    )
    assert certificate["Cache-Control"] == "private, no-store"


def test_certificate_opens_only_for_its_owner_and_editors(client, admin_user, attended):
    course, registration = attended
    url = certificate_url(course, registration)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/compte/")
    client.force_login(person("autre@example.org", "autre"))
    assert client.get(url).status_code == 404
    unverified = get_user_model().objects.create_user(
        "usurpateur", email="camille@example.org", password="x"
    )
    EmailAddress.objects.create(user=unverified, email="camille@example.org", verified=False)
    client.force_login(unverified)
    assert client.get(url).status_code == 404  # the same address, not verified
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.force_login(person())
    assert client.get(url).status_code == 200


def test_no_certificate_without_attendance_or_for_courses_that_give_none(
    client, make_course, attended
):
    course, registration = attended
    owner = person()
    client.force_login(owner)
    services.check_in(registration, present=False)
    assert client.get(certificate_url(course, registration)).status_code == 404
    services.check_in(registration)
    other = make_course(title="Sans attestation", certificate=False, sessions=[{"start": at(-5)}])
    assert client.get(certificate_url(other, registration)).status_code == 404  # wrong course
    plain = RegistrationFactory(slot=other.slots.get(), email="camille@example.org", now=at(-9))
    services.check_in(plain)
    assert client.get(certificate_url(other, plain)).status_code == 404
    html = client.get("/compte/inscriptions/").content.decode()
    assert html.count("Télécharger l’attestation de formation") == 1
    assert html.count("Présence notée le") == 2


def test_learning_path_shows_each_steps_next_session_and_what_i_attended(
    client, make_course, attended
):
    done, _registration = attended
    upcoming = make_course(
        title="Bien démarrer en télétravail", sessions=[{"start": at(12, 9)}, {"start": at(30)}]
    )
    unscheduled = make_course(title="Comptabilité de la micro-entreprise", sessions=[])
    path = LearningPathPageFactory(
        title="Devenir télétravailleur indépendant en 5 étapes",
        courses=[done, upcoming, unscheduled],
    )
    html = client.get(path.url).content.decode()
    assert html.count("<h1") == 1
    assert html.index("Étape 1") < html.index("Créer son activité") < html.index("Étape 2")
    assert html.index("Bien démarrer en télétravail") < html.index(
        "Comptabilité de la micro-entreprise"
    )
    next_slot = upcoming.slots.order_by("start").first()
    assert f'href="{next_slot.url}"' in html
    assert french("Prochaine session : dates à venir.") in html
    assert "Étape suivie" not in html and "Connectez-vous" in html

    client.force_login(person())
    RegistrationFactory(slot=next_slot, email="camille@example.org")
    html = client.get(path.url).content.decode()
    assert "Vous avez suivi 1 étape sur 3." in html
    assert html.count("Étape suivie") == 1
    assert "Vous êtes inscrit à une session" in html
    assert "Dans le parcours" in client.get(upcoming.url).content.decode()
