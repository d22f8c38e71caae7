"""Accounts under /compte/ (django-allauth): sign-up, verification, login, no enumeration."""

import re

import pytest

from django.core import mail

from directory.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lea@example.org",
    "password1": "Cantal-2026-volcans",
    "password2": "Cantal-2026-volcans",
}


def confirmation_link(body):
    return re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+", body).group(0)


def test_signup_sends_a_french_verification_email_and_blocks_login_until_verified(
    client, small_site, django_capture_on_commit_callbacks
):
    page = client.get("/compte/signup/").content.decode()
    assert page.count("<h1") == 1 and "Créer un compte" in page and '<label for="id_email">' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/signup/", SIGNUP)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject.startswith("[CyberCantal] ")
    assert "Bonjour" in email.body and "CyberCantal Télécentres" in email.body
    link = confirmation_link(email.body)

    client.logout()
    response = client.post(
        "/compte/login/", {"login": "lea@example.org", "password": SIGNUP["password1"]}
    )
    assert (
        response.status_code == 302 and "confirm-email" in response["Location"]
    )  # not logged in yet
    assert client.get("/compte/").status_code == 302

    path = link.split("testserver", 1)[1]
    assert "Confirmer votre adresse" in client.get(path).content.decode()
    client.post(path)
    response = client.post(
        "/compte/login/", {"login": "lea@example.org", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302 and response["Location"] == "/compte/"
    assert "Mon compte" in client.get("/compte/").content.decode()


def test_signup_with_a_taken_address_reveals_nothing(
    client, small_site, django_capture_on_commit_callbacks
):
    UserFactory(username="deja", email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/signup/", SIGNUP, follow=True)
    html = response.content.decode()
    assert "Vérifiez votre adresse électronique" in html
    assert "existe déjà" not in html and "already" not in html
    assert len(mail.outbox) == 1  # the owner is told, by email only


def test_password_reset_answers_the_same_for_unknown_addresses(client, small_site):
    UserFactory(username="connu", email="connu@example.org")
    known = client.post(
        "/compte/password/reset/", {"email": "connu@example.org"}, follow=True
    ).content.decode()
    unknown = client.post(
        "/compte/password/reset/", {"email": "inconnu@example.org"}, follow=True
    ).content.decode()
    assert "Si un compte existe pour cette adresse" in known
    assert "Si un compte existe pour cette adresse" in unknown


def test_login_failures_are_rate_limited(client, small_site):
    UserFactory(username="cible", email="cible@example.org")
    pages = [
        client.post(
            "/compte/login/", {"login": "cible@example.org", "password": "mauvais"}
        ).content.decode()
        for _ in range(7)
    ]
    assert "Trop de tentatives" not in pages[0]
    assert "Trop de tentatives de connexion échouées" in pages[-1]
    # Even the right password is refused while the limit holds.
    right = client.post(
        "/compte/login/", {"login": "cible@example.org", "password": "cantal-dev-2026"}
    )
    assert right.status_code == 200


def test_emails_follow_the_interface_language(
    client, small_site, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/signup/", SIGNUP, HTTP_ACCEPT_LANGUAGE="en")
    assert mail.outbox[0].subject == "[CyberCantal] Confirm your email address"
    body = mail.outbox[0].body
    assert body.startswith("Hello,") and "Bonjour" not in body
