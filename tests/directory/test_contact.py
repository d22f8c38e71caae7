"""The contact relay: a business writes, the freelancer receives it, nobody sees an address."""

import datetime
import email
import email.policy

import pytest
from mailer.models import Message

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.factories import ContactMessageFactory
from directory.models import ContactMessage
from tests.text import french

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Jeanne Martin",
    "organisation": "Fromagerie de Salers",
    "email": "jeanne@fromagerie.example.com",
    "message": "Bonjour, nous cherchons une traduction de notre site en anglais pour le printemps.",
    "consent": "on",
}


def test_message_is_relayed_with_reply_to_the_sender(
    client, profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/annuaire/marie-dupont/contact/", MESSAGE)
    # Recorded, and sent right after the commit (before the visitor's next page).
    assert len(mail.outbox) == 1
    response = client.get(response["Location"])
    assert (
        french(
            "Votre message est enregistré ; il sera transmis à Marie Dupont dans quelques instants."
        )
        in response.content.decode()
    )
    sent = mail.outbox[0]
    assert sent.to == ["marie.dupont@example.org"]
    assert sent.reply_to == ["jeanne@fromagerie.example.com"]
    assert "Jeanne Martin" in sent.subject
    assert "traduction de notre site" in sent.body and "Fromagerie de Salers" in sent.body
    stored = ContactMessage.objects.get()
    assert stored.profile == profile and stored.sender_ip == "127.0.0.1"
    assert "marie.dupont@example.org" not in response.content.decode()


@pytest.mark.smtp
def test_message_goes_through_a_real_smtp_server(
    client, profile, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/annuaire/marie-dupont/contact/", MESSAGE)
    received = smtp_server.wait_for(1)[0]
    assert received["to"] == ["marie.dupont@example.org"]
    assert received["message"]["Reply-To"] == "jeanne@fromagerie.example.com"
    assert "traduction de notre site" in smtp_server.body(received["message"])


def test_errors_are_clear_french_and_keep_what_was_typed(client, profile):
    data = {**MESSAGE, "email": "pas-une-adresse", "consent": "", "message": "Trop court"}
    response = client.post("/annuaire/marie-dupont/contact/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse électronique valide" in html
    assert "Votre message est trop court" in html
    assert "Cochez cette case pour que votre message puisse être transmis." in html
    assert 'value="Jeanne Martin"' in html and 'value="Fromagerie de Salers"' in html
    assert "Trop court</textarea>" in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert not Message.objects.exists() and not ContactMessage.objects.exists()


def test_honeypot_silently_drops_the_message(client, profile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/annuaire/marie-dupont/contact/",
            {**MESSAGE, "homepage": "http://spam.example"},
            follow=True,
        )
    # The robot is told what a person is told.
    assert french("Votre message est enregistré ; il sera transmis") in response.content.decode()
    assert not Message.objects.exists() and not ContactMessage.objects.exists()


def test_rate_limited_per_sender_address(
    client, profile, settings, django_capture_on_commit_callbacks
):
    settings.DIRECTORY_CONTACT_RATE_LIMITS = {"ip": (100, 3600), "email": (2, 3600)}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/annuaire/marie-dupont/contact/", MESSAGE).status_code == 302
    response = client.post("/annuaire/marie-dupont/contact/", MESSAGE)
    assert response.status_code == 429
    assert "Vous avez envoyé trop de messages en peu de temps" in response.content.decode()
    assert len(mail.outbox) == 2
    other = {**MESSAGE, "email": "autre@example.com"}
    assert client.post("/annuaire/marie-dupont/contact/", other).status_code == 302


def test_rate_limited_per_ip(client, profile, settings, django_capture_on_commit_callbacks):
    settings.DIRECTORY_CONTACT_RATE_LIMITS = {"ip": (2, 3600), "email": (100, 3600)}
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/annuaire/marie-dupont/contact/", {**MESSAGE, "email": f"a{n}@example.com"}
            )
    response = client.post("/annuaire/marie-dupont/contact/", {**MESSAGE, "email": "b@example.com"})
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_old_messages_are_purged_after_the_retention_period(profile, settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 30
    old = ContactMessageFactory(
        profile=profile, created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = ContactMessageFactory(
        profile=profile, created_at=timezone.now() - datetime.timedelta(days=29)
    )
    call_command("purge_contact_messages", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not ContactMessage.objects.filter(pk=old.pk).exists()
    assert ContactMessage.objects.filter(pk=recent.pk).exists()


FORGED_NAME = "Seán O'Brien & Fils\r\nBcc: pirate@example.net\r\n\r\nVotre compte est suspendu"


def test_a_name_with_line_breaks_forges_no_header_and_no_line(
    client, profile, django_capture_on_commit_callbacks
):
    data = {**MESSAGE, "name": FORGED_NAME, "organisation": "Ferme & Cie\nBcc: x@example.net"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/annuaire/marie-dupont/contact/", data, follow=True)
    assert response.status_code == 200
    [sent] = mail.outbox
    one_line = "Seán O'Brien & Fils Bcc: pirate@example.net Votre compte est suspendu"
    # Emails are text: the subject reads the apostrophe and the ampersand as typed.
    assert sent.subject == f"Nouveau message de {one_line} via l’annuaire CyberCantal"
    assert "&#x27;" not in sent.body and "&amp;" not in sent.body
    lines = sent.body.splitlines()
    assert f"Nom : {one_line}" in lines
    assert "Structure : Ferme & Cie Bcc: x@example.net" in lines
    assert not [line for line in lines if line.startswith(("Bcc", "Votre compte"))]
    assert sent.bcc == [] and sent.recipients() == ["marie.dupont@example.org"]
    parsed = email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and parsed.get_all("To") == ["marie.dupont@example.org"]
    assert sorted(parsed.keys()) == sorted(set(parsed.keys()))  # no header twice
    stored = ContactMessage.objects.get()
    assert stored.sender_name == one_line and "\n" not in stored.organisation


@pytest.mark.smtp
def test_the_forged_name_reaches_nobody_else_over_real_smtp(
    client, profile, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/annuaire/marie-dupont/contact/", {**MESSAGE, "name": FORGED_NAME})
    [received] = smtp_server.wait_for(1)
    assert received["to"] == ["marie.dupont@example.org"]
    message = received["message"]
    assert message["Bcc"] is None
    assert " ".join(message["Subject"].split()) == (
        "Nouveau message de Seán O'Brien & Fils Bcc: pirate@example.net Votre compte est "
        "suspendu via l’annuaire CyberCantal"
    )
