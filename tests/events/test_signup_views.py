"""Signing up on the event page, the emailed link, one's sign-ups: and every bad input."""

import io
import re

import pytest
from mailer.models import Message

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client

from events.factories import RegistrationFactory, at
from events.models import Registration, RegistrationEmail, Slot
from portal.mail import run_queue
from tests.events.owners import both_owners

pytestmark = pytest.mark.django_db


def form_data(slot, **overrides):
    data = {
        "slot": str(slot.pk),
        "name": "Camille Fabre",
        "email": "camille.fabre@example.org",
        "organisation": "Agence Volcans",
        "phone": "04 71 00 00 00",
        "consent": "on",
    }
    data.update(overrides)
    return data


@both_owners
def test_sign_up_confirms_and_emails_an_ics_and_a_cancel_link(
    client, event, slot, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, form_data(slot), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[0][1] == 303
    assert "Votre inscription est confirmée" in html
    assert "2 places restantes" in html
    registration = Registration.objects.get()
    assert registration.status == "confirmed" and registration.organisation == "Agence Volcans"
    run_queue()  # the `email` job, every minute
    [mail] = mailoutbox
    assert mail.to == ["camille.fabre@example.org"]
    assert mail.subject == f"Inscription confirmée : {event.title}"
    link = re.search(r"http://testserver(/agenda/inscription/[\w-]+/)", mail.body).group(1)
    assert link == registration.get_absolute_url()
    assert link.split("/")[-2] == registration.token  # the secret token, never the row number
    name, content, mimetype = mail.attachments[0]
    assert (
        name == "evenement.ics"
        and mimetype.startswith("text/calendar")
        and "BEGIN:VEVENT" in content
    )


@both_owners
def test_full_event_puts_people_on_the_waiting_list_with_their_place(
    client, event, slot, django_capture_on_commit_callbacks, mailoutbox
):
    for i in range(3):
        RegistrationFactory(slot=slot, email=f"p{i}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(event.url, form_data(slot), follow=True).content.decode()
    assert "liste d’attente, en position 1" in html
    run_queue()
    assert mailoutbox[0].subject.startswith("Liste d’attente")
    assert "position 1" in mailoutbox[0].body
    assert not mailoutbox[0].attachments


@both_owners
@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse électronique valide"),
        ({"name": ""}, "name", "Indiquez vos nom et prénom."),
        ({"consent": ""}, "consent", "Cochez cette case pour vous inscrire."),
        ({"phone": "appelez-moi"}, "phone", "Saisissez un numéro de téléphone"),
    ],
)
def test_invalid_input_is_explained_next_to_the_field(
    client, event, slot, overrides, field, message
):
    posted = client.post(event.url, form_data(slot, **overrides))
    assert posted.status_code == 303
    response = client.get(posted["Location"])
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', html)
    assert 'aria-invalid="true"' in html
    assert not Registration.objects.exists()


def _answer(client, url, data):
    response = client.post(url, data)
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.status_code, response["Location"], text


@both_owners
def test_duplicate_sign_up_answers_like_a_new_one(
    client, event, slot, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(slot=slot, email="camille.fabre@example.org")  # signed up last week
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        repeated = _answer(stranger, event.url, form_data(slot, email="Camille.Fabre@example.org"))
    fresh = _answer(Client(), event.url, form_data(slot, email="autre@example.org"))
    assert repeated[:2] == fresh[:2] == (303, f"/agenda/inscription/recue/{slot.pk}/")
    assert repeated[2].replace("camille.fabre@", "autre@") == fresh[2]
    assert "Si cette adresse était déjà inscrite" in fresh[2]
    assert Registration.objects.filter(email="camille.fabre@example.org").count() == 1
    run_queue()
    [mail] = [
        m for m in mailoutbox if m.to != ["autre@example.org"]
    ]  # the owner of the address hears of it, the stranger doesn't
    assert mail.to == ["camille.fabre@example.org"]
    assert mail.subject.startswith("Vous êtes déjà inscrit")


@both_owners
@pytest.mark.parametrize(
    "fields, message",
    [
        ({"signup_closes": at(-1)}, "Les inscriptions sont closes"),
        ({"start": at(-1), "end": at(-1, 18)}, "Cet événement a déjà eu lieu"),
        ({"signup_opens": at(2)}, "Les inscriptions ne sont pas encore ouvertes"),
    ],
)
def test_closed_window_or_past_event_refuses_with_a_message(client, event, slot, fields, message):
    Slot.objects.filter(pk=slot.pk).update(**fields)
    page_html = client.get(event.url).content.decode()
    assert "Je m’inscris" not in page_html  # no form offered
    response = client.post(event.url, form_data(slot), follow=True)  # a form kept open in a tab
    assert response.redirect_chain == [(event.url + "?inscription=erreur#inscription", 303)]
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Registration.objects.exists()


@both_owners
def test_csrf_failure_gets_a_clear_page_and_changes_nothing(event, slot):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(event.url, form_data(slot))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Le formulaire n’a pas pu être envoyé" in html and "Rien n’a été modifié" in html
    assert not Registration.objects.exists()


@both_owners
def test_cancel_link_asks_for_confirmation_then_frees_the_seat(
    client, event, slot, django_capture_on_commit_callbacks, mailoutbox
):
    first = RegistrationFactory(slot=slot, email="first@example.org")
    for i in range(3):
        RegistrationFactory(slot=slot, email=f"p{i}@example.org")
    url = first.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Confirmer l’annulation de mon inscription" in page
    assert (
        Registration.objects.get(pk=first.pk).status == "confirmed"
    )  # opening the link changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Votre inscription est annulée" in html and "Annulée" in html
    assert Registration.objects.get(email="p2@example.org").status == "confirmed"
    run_queue()
    assert {m.to[0] for m in mailoutbox} == {"first@example.org", "p2@example.org"}
    # Reusing the link: nothing changes, and it says so.
    again = client.post(url, follow=True).content.decode()
    assert "déjà annulée" in again
    assert Registration.objects.filter(status="confirmed").count() == 3


@both_owners
def test_waitlisted_person_sees_the_queue_and_leaves_in_one_click(client, slot):
    for i in range(4):
        RegistrationFactory(slot=slot, email=f"p{i}@example.org")
    waiting = RegistrationFactory(slot=slot, email="waiting@example.org")
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert "2e position sur la liste" in html
    html = client.post(waiting.get_absolute_url(), follow=True).content.decode()
    assert "Vous avez quitté la liste d’attente" in html
    assert Registration.objects.get(pk=waiting.pk).status == "cancelled"


@both_owners
@pytest.mark.parametrize("token", ["abc", "x" * 43, "abc%27%20OR%201%3D1"])
def test_tampered_token_gets_a_clear_404_and_changes_nothing(client, slot, token):
    registration = RegistrationFactory(slot=slot)
    tampered = registration.token[:-1] + ("A" if registration.token[-1] != "A" else "B")
    for bad in (token, tampered):
        for method in (client.get, client.post):
            response = method(f"/agenda/inscription/{bad}/")
            assert response.status_code == 404
            assert "Ce lien d’inscription n’est pas valide" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


@both_owners
def test_signed_in_person_gets_details_prefilled_and_sees_their_sign_ups(client, event, slot):
    user = get_user_model().objects.create_user(
        "camille",
        email="camille.fabre@example.org",
        password="x",
        first_name="Camille",
        last_name="Fabre",
    )
    client.force_login(user)
    html = client.get(event.url).content.decode()
    assert 'value="Camille Fabre"' in html and 'value="camille.fabre@example.org"' in html
    client.post(event.url, form_data(slot))
    assert Registration.objects.get().user == user
    other = RegistrationFactory(
        email="camille.fabre@example.org"
    )  # signed up before having an account
    RegistrationFactory(email="someone.else@example.org")
    html = client.get("/compte/inscriptions/").content.decode()
    assert event.title in html and other.slot.title in html
    assert "someone.else" not in html and html.count("Gérer cette inscription") == 2


def test_my_sign_ups_need_an_account(client):
    response = client.get("/compte/inscriptions/")
    assert response.status_code == 302 and "next=/compte/inscriptions/" in response["Location"]


@both_owners
def test_a_sign_up_leaves_its_email_to_the_email_job(
    client, event, slot, django_capture_on_commit_callbacks, mailoutbox
):
    """The POST records the email with the sign-up and answers; neither renders nor sends it.
    The `email` job (cron, every minute) writes and sends it, once."""
    with django_capture_on_commit_callbacks(execute=True):  # the commit, and what follows it
        assert client.post(event.url, form_data(slot)).status_code == 303
    email = RegistrationEmail.objects.get()
    assert email.kind == "confirmed" and email.registration.email == "camille.fabre@example.org"
    assert not mailoutbox and not Message.objects.exists()  # nothing written, nothing sent
    call_command("run_scheduled", "email", stdout=io.StringIO())
    [mail] = mailoutbox
    registration = Registration.objects.get()
    assert mail.to == ["camille.fabre@example.org"]
    assert mail.subject == f"Inscription confirmée : {event.title}"
    assert "Bonjour Camille Fabre," in mail.body
    assert f"http://testserver{registration.get_absolute_url()}" in mail.body
    assert mail.attachments[0][0] == "evenement.ics"
    assert not RegistrationEmail.objects.exists() and not Message.objects.exists()
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert len(mailoutbox) == 1  # never twice


def test_too_many_sign_ups_from_one_client_are_refused_until_later(event, slot, settings):
    """Each sign-up emails the address typed: one client may send only so many."""
    settings.SIGNUP_RATE_LIMITS = {"ip": (2, 3600)}
    client = Client(REMOTE_ADDR="192.0.2.7")
    for n in range(2):
        response = client.post(event.url, form_data(slot, email=f"personne{n}@example.org"))
        assert response.status_code == 303 and "erreur" not in response["Location"]
    response = client.post(event.url, form_data(slot, email="personne2@example.org"), follow=True)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Trop de demandes d’inscription" in response.content.decode()
    assert 'value="personne2@example.org"' in response.content.decode()  # nothing typed is lost
    assert Registration.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.8")  # another visitor is not held back
    response = other.post(event.url, form_data(slot, email="personne3@example.org"))
    assert response.status_code == 303 and "erreur" not in response["Location"]
    assert Registration.objects.count() == 3
