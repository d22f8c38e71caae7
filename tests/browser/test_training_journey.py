"""A job seeker filters the training calendar, opens a course, signs up, finds it in their account."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from events.factories import at
from events.vocabularies import Audience
from home.models import TelecentrePage
from tests.browser.conftest import axe_violations
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory
from training.models import Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "cantal-formations-2026"


@pytest.fixture
def calendar(small_site):
    calendar = TrainingCalendarPageFactory()
    TrainingCoursePageFactory(
        parent=calendar,
        title="Créer son activité indépendante",
        audience=Audience.FREELANCERS,
        theme=Theme.FREELANCING,
        sessions=[
            {
                "start": at(5, 9),
                "telecentre": TelecentrePage.objects.get(slug="aurillac"),
                "capacity": 8,
            },
            {"start": at(26, 9), "capacity": 20},
        ],
    )
    TrainingCoursePageFactory(
        parent=calendar,
        title="Manager une équipe à distance",
        audience=Audience.BUSINESSES,
        theme=Theme.REMOTE_MANAGEMENT,
        price=350,
        sessions=[{"start": at(4, 9)}],
    )
    return calendar


@pytest.fixture
def job_seeker(small_site):
    user = get_user_model().objects.create_user(
        "camille",
        email="camille.fabre@example.org",
        password=PASSWORD,
        first_name="Camille",
        last_name="Fabre",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_job_seeker_filters_opens_a_course_signs_up_and_sees_it_in_their_account(
    page, calendar, job_seeker
):
    page.goto("/compte/login/")
    page.locator("#id_login").fill(job_seeker.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")

    page.goto("/formations/")
    assert page.locator("h1").inner_text() == "Formations"
    page.get_by_label("Public", exact=True).select_option("independants")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state("networkidle")
    assert "public=independants" in page.url
    sessions = page.locator("section[aria-labelledby=sessions-title]")
    assert sessions.get_by_text("Manager une équipe à distance").count() == 0
    assert sessions.locator(".session-card").count() == 2
    sessions.get_by_role("link", name="Créer son activité indépendante").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Créer son activité indépendante"
    assert (
        page.locator(".training-sessions__seats")
        .first.inner_text()
        .startswith("8 places restantes")
    )

    assert page.get_by_label("Nom et prénom").input_value() == "Camille Fabre"
    assert page.get_by_label("Adresse électronique").input_value() == "camille.fabre@example.org"
    page.get_by_label(re.compile("J’accepte que ces informations")).check()
    page.get_by_role("button", name="Je m’inscris").click()
    page.wait_for_load_state("networkidle")
    # Signed in, with her own address: she lands on her sign-up's own page.
    assert "Votre inscription est confirmée" in page.locator(".message").inner_text()
    assert "/agenda/inscription/" in page.url
    assert "Confirmée" in page.locator(".registration-summary").inner_text()
    assert page.get_by_role("link", name="Ajouter à mon calendrier (.ics)").is_visible()
    assert axe_violations(page) == []
    page.locator(".registration-summary").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert (
        page.locator(".training-sessions__seats")
        .first.inner_text()
        .startswith("7 places restantes")
    )
    assert "Vous êtes inscrit·e à cette date" in page.locator("#inscription").inner_text()

    page.get_by_role("link", name="Voir mes inscriptions").click()
    page.wait_for_load_state("networkidle")
    upcoming = page.locator("section[aria-labelledby=upcoming-title]")
    assert upcoming.get_by_role("link", name="Créer son activité indépendante").is_visible()
    assert "Confirmée" in upcoming.inner_text() or "confirmée" in upcoming.inner_text()
    assert page.console_errors == []


def test_training_pages_are_accessible_and_fit_a_phone(page, calendar):
    course_url = "/formations/creer-son-activite-independante/"
    for path in [
        "/formations/",
        "/formations/mois/",
        course_url,
        "/formations/?public=entreprises&theme=gestion-droit",
    ]:
        response = page.goto(path)
        assert response.status == 200
        assert axe_violations(page) == [], path
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/formations/", "/formations/mois/", course_url]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    page.goto("/formations/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    assert page.console_errors == []
