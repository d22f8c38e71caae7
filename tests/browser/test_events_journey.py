"""A visitor finds an event, signs up, gets the email, cancels from its link: the seat comes back."""

import io
import re

import pytest

from django.core.management import call_command

from events.factories import EventIndexPageFactory, EventPageFactory, at
from home.models import TelecentrePage
from tests.browser.conftest import axe_violations, problems_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workshop(small_site):
    return EventPageFactory(
        parent=EventIndexPageFactory(),
        title="Atelier : réussir ses visioconférences",
        telecentre=TelecentrePage.objects.get(slug="mauriac"),
        start=at(6, 14),
        capacity=5,
        speakers=["Sophie Lavergne"],
    )


def seats(page):
    return page.locator(".event-seats strong").first.inner_text()


def test_find_sign_up_get_the_email_cancel_and_see_the_seat_come_back(page, workshop, smtp_server):
    page.goto("/agenda/")
    assert page.locator("h1").inner_text() == "Agenda"
    page.get_by_label("Télécentre", exact=True).select_option("mauriac")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=workshop.title).click()
    page.wait_for_load_state("networkidle")
    assert seats(page) == "5 places restantes"

    page.get_by_label("Nom et prénom").fill("Camille Fabre")
    page.get_by_label("Adresse électronique").fill("camille.fabre@example.org")
    page.get_by_label("Structure ou entreprise (facultatif)").fill("Agence Volcans")
    page.get_by_label(re.compile("J’accepte que ces informations")).check()
    page.get_by_role("button", name="Je m’inscris").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Demande d’inscription enregistrée"
    assert "Votre inscription est confirmée" in page.locator(".message").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Revenir à la page de l’événement").click()
    page.wait_for_load_state("networkidle")
    assert seats(page) == "4 places restantes"

    assert not smtp_server.messages  # the email waits for the `email` job (cron, every minute)
    call_command("run_scheduled", "email", stdout=io.StringIO())
    [received] = smtp_server.wait_for(1)
    assert received["to"] == ["camille.fabre@example.org"]
    message = received["message"]
    assert str(message["Subject"]).strip() == f"Inscription confirmée : {workshop.title}"
    body = smtp_server.body(message)
    link = re.search(r"(http://\S+/agenda/inscription/[\w-]+/)", body).group(1)
    attachments = [part.get_filename() for part in message.iter_attachments()]
    assert attachments == ["evenement.ics"]

    page.goto(link.replace(page.base_url, ""))
    assert page.get_by_text("Confirmée").is_visible()
    page.get_by_role("button", name="Confirmer l’annulation de mon inscription").click()
    page.wait_for_load_state("networkidle")
    assert "Votre inscription est annulée" in page.locator(".message").inner_text()
    assert page.locator(".registration-status").inner_text() == "Annulée"
    call_command("run_scheduled", "email", stdout=io.StringIO())
    smtp_server.wait_for(2)  # the cancellation is confirmed by email too

    page.get_by_role("link", name=workshop.title).click()
    page.wait_for_load_state("networkidle")
    assert seats(page) == "5 places restantes"
    assert page.console_errors == []


def test_agenda_pages_have_no_axe_violations(page, workshop):
    from django.utils import timezone

    start = timezone.localtime(workshop.slots.get().start)
    found = problems_on(
        page, ["/agenda/", workshop.url, f"/agenda/mois/{start.year}/{start.month}/"]
    )
    assert found == {path: [] for path in found}


def test_form_errors_are_announced_and_tied_to_their_field(page, workshop):
    page.goto(workshop.url)
    page.get_by_label("Nom et prénom").fill("Camille")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="Je m’inscris").click()
    page.wait_for_load_state("networkidle")
    email = page.get_by_label("Adresse électronique")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby").split()
    assert (
        "Saisissez une adresse électronique valide"
        in page.locator(f"#{described[-1]}").inner_text()
    )
    assert page.get_by_role("alert").first.is_visible()
    assert axe_violations(page) == []
