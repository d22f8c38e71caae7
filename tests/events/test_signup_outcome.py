"""After signing up: a signed-in person lands on their own sign-up's page and finds it on
the event page again; a stranger's answer stays the same whatever the address's history."""

import pytest

from django.contrib.auth import get_user_model

from events.models import Registration
from tests.events.test_signup_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille(db):
    return get_user_model().objects.create_user(
        "camille", "camille.fabre@example.org", "pw", first_name="Camille", last_name="Fabre"
    )


def test_a_signed_in_person_lands_on_their_sign_up_page(client, event, slot, camille):
    client.force_login(camille)
    response = client.post(event.url, form_data(slot), follow=True)
    registration = Registration.objects.get()
    assert response.redirect_chain[0] == (registration.get_absolute_url(), 303)
    html = response.content.decode()
    assert "Votre inscription est confirmée" in html  # the message, on that page
    assert event.title in html and "Annulez votre inscription" in html
    assert "de 14\u00a0h à 16\u00a0h" in html  # the date with its hours


def test_the_event_page_says_they_are_registered_instead_of_a_blank_form(
    client, event, slot, camille
):
    client.force_login(camille)
    client.post(event.url, form_data(slot))
    registration = Registration.objects.get()
    html = client.get(event.url).content.decode()
    assert "Vous êtes inscrit·e à cette date" in html
    assert f'href="{registration.get_absolute_url()}"' in html
    # the form is still there, folded, for someone else or another date
    assert "Inscrire une autre personne, ou à une autre date" in html
    assert 'value="Camille Fabre"' in html  # and the name is filled in


def test_a_stranger_lands_on_the_same_neutral_page_whether_or_not_the_address_was_known(
    client, event, slot, camille
):
    client.force_login(camille)
    client.post(event.url, form_data(slot))
    stranger = client.__class__()
    first = stranger.post(event.url, form_data(slot))  # an address already registered
    second = stranger.post(event.url, form_data(slot, email="nouvelle@example.org"))
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == f"/agenda/inscription/recue/{slot.pk}/"
    page = stranger.get(first["Location"])
    html = page.content.decode()
    assert "Demande d’inscription enregistrée" in html
    assert "lien personnel de votre inscription" in html  # what happens next: the email
    assert event.title in html and f'href="{event.url}ical/"' in html
    assert "Annuler" not in html and "Statut" not in html  # the sign-up itself stays private


def test_the_neutral_page_refuses_a_date_that_is_not_public(client, event, slot):
    event.unpublish()
    assert client.get(f"/agenda/inscription/recue/{slot.pk}/").status_code == 404
    assert client.get("/agenda/inscription/recue/999999/").status_code == 404


def test_someone_signed_in_who_types_another_address_lands_on_the_neutral_page(
    client, event, slot, camille
):
    client.force_login(camille)
    response = client.post(event.url, form_data(slot, email="collegue@example.org"))
    assert response["Location"] == f"/agenda/inscription/recue/{slot.pk}/"
