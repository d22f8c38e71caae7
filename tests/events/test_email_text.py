"""Sign-up emails are plain text: what was typed reads as typed, on one line."""

import pytest

from portal.mail import run_queue

pytestmark = pytest.mark.django_db


def test_subject_and_body_keep_apostrophes_and_ampersands_literally(
    client, make_event, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(title="Café & numérique : l'atelier", capacity=5)
    slot = event.slots.get()
    data = {
        "slot": str(slot.pk),
        "name": "Seán O'Brien\r\nBcc: pirate@example.net",
        "email": "sean@example.org",
        "organisation": "Ferme & Fils",
        "phone": "",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(event.url, data).status_code == 303
    run_queue()
    [sent] = mailoutbox
    assert sent.subject == "Inscription confirmée : Café & numérique : l'atelier"
    lines = sent.body.splitlines()
    assert "Bonjour Seán O'Brien Bcc: pirate@example.net," in lines
    assert not [line for line in lines if line.startswith("Bcc")]
    assert "&#x27;" not in sent.body and "&amp;" not in sent.body
    assert sent.recipients() == ["sean@example.org"]
