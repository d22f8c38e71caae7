"""The contact relay: a business writes, the freelancer receives it, nobody sees an address."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.factories import ContactMessageFactory
from directory.models import ContactMessage

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Jeanne Martin",
    "organisation": "Fromagerie de Salers",
    "email": "jeanne@fromagerie.example.com",
    "message": "Bonjour, nous cherchons une traduction de notre site en anglais pour le printemps.",
    "consent": "on",
}


def test_message_is_relayed_with_reply_to_the_sender(client, profile):
    response = client.post("/annuaire/marie-dupont/contact/", MESSAGE, follow=True)
    assert response.status_code == 200
    assert "Votre message a été transmis à Marie Dupont" in response.content.decode()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["marie.dupont@example.org"]
    assert sent.reply_to == ["jeanne@fromagerie.example.com"]
    assert "Jeanne Martin" in sent.subject
    assert "traduction de notre site" in sent.body and "Fromagerie de Salers" in sent.body
    stored = ContactMessage.objects.get()
    assert stored.profile == profile and stored.sender_ip == "127.0.0.1"
    assert "marie.dupont@example.org" not in response.content.decode()


@pytest.mark.smtp
def test_message_goes_through_a_real_smtp_server(client, profile, smtp_server):
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
    assert not mail.outbox and not ContactMessage.objects.exists()


def test_honeypot_silently_drops_the_message(client, profile):
    response = client.post(
        "/annuaire/marie-dupont/contact/",
        {**MESSAGE, "homepage": "http://spam.example"},
        follow=True,
    )
    assert "Votre message a été transmis" in response.content.decode()
    assert not mail.outbox and not ContactMessage.objects.exists()


def test_rate_limited_per_sender_address(client, profile, settings):
    settings.DIRECTORY_CONTACT_RATE_LIMITS = {"ip": (100, 3600), "email": (2, 3600)}
    for _ in range(2):
        assert client.post("/annuaire/marie-dupont/contact/", MESSAGE).status_code == 302
    response = client.post("/annuaire/marie-dupont/contact/", MESSAGE)
    assert response.status_code == 429
    assert "Vous avez envoyé trop de messages en peu de temps" in response.content.decode()
    assert len(mail.outbox) == 2
    other = {**MESSAGE, "email": "autre@example.com"}
    assert client.post("/annuaire/marie-dupont/contact/", other).status_code == 302


def test_rate_limited_per_ip(client, profile, settings):
    settings.DIRECTORY_CONTACT_RATE_LIMITS = {"ip": (2, 3600), "email": (100, 3600)}
    for n in range(2):
        client.post("/annuaire/marie-dupont/contact/", {**MESSAGE, "email": f"a{n}@example.com"})
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
