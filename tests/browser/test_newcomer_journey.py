"""A newcomer on a phone (360 px): from the home page, the page of a commune reached by
typing its postcode, then a centre nearby, then a sign-up for an event there. Clicks
only after ``/``; axe-core on every page visited; nothing wider than the screen."""

import re

import pytest

from events.factories import EventPageFactory, at
from events.models import EventIndexPage
from home.models import Commune, TelecentrePage
from tests.browser.test_journeys import arrived

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.tab.set_default_timeout(8000)
    return 360


def test_a_newcomer_types_a_postcode_reaches_the_commune_a_centre_and_signs_up(
    page, phone, small_site
):
    from home.commune_builder import build

    build(communes=Commune.objects.filter(postcodes__contains="15300"), progress=False)
    murat = TelecentrePage.objects.get(slug="murat")
    event = EventPageFactory(
        parent=EventIndexPage.objects.get(),
        title="Apéro des nouveaux arrivants à Murat",
        telecentre=murat,
        start=at(8, 18),
        capacity=12,
    )

    page.goto("/")
    arrived(page, phone)
    page.get_by_label("Commune ou code postal").fill("15300")
    page.get_by_role("button", name="Voir la commune").click()
    arrived(page, phone)
    # 15300 is the postcode of several communes: the page lists them
    matches = page.locator("section[aria-labelledby=matches-title]")
    assert re.search(r"\d+ communes correspondent à\s«\s15300\s»", matches.inner_text())
    matches.get_by_role("link", name="Murat", exact=True).click()
    arrived(page, phone)
    assert page.locator("h1").inner_text() == "Murat"
    assert page.url.endswith("/communes/murat/")

    centres = page.locator("section[aria-labelledby=centres-title]")
    nearest = centres.locator(".card").first
    assert "dans la commune" in nearest.inner_text()
    nearest.get_by_role("link", name=murat.title).click()
    arrived(page, phone)
    assert page.locator("h1").inner_text() == murat.title

    page.locator("section[aria-labelledby=upcoming-title]").get_by_role(
        "link", name=event.title
    ).click()
    arrived(page, phone)
    assert page.locator("h1").inner_text() == event.title
    page.get_by_label("Nom et prénom").fill("Pieter de Vries")
    page.get_by_label("Adresse électronique").fill("pieter@example.nl")
    page.get_by_label(re.compile("J’accepte que ces informations")).check()
    page.get_by_role("button", name="Je m’inscris").click()
    arrived(page, phone)
    assert page.locator("h1").inner_text() == "Demande d’inscription enregistrée"
    assert event.slots.get().registrations.filter(email="pieter@example.nl").exists()
    assert page.console_errors == []


def test_commune_pages_have_no_axe_violations(page, phone, small_site):
    from home.commune_builder import build
    from tests.browser.conftest import problems_on

    build(communes=Commune.objects.filter(postcodes__contains="15300"), progress=False)
    found = problems_on(page, ["/communes/", "/communes/?q=15300", "/communes/murat/"])
    assert found == {path: [] for path in found}


def test_newcomers_pages_have_no_axe_violations(page, phone, live_demo):
    from tests.browser.conftest import problems_on

    found = problems_on(page, ["/venir-s-installer/", "/venir-s-installer/question/"])
    assert found == {path: [] for path in found}
