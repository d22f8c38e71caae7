"""The four users' journeys, from the home page and by clicking only, on a phone and a desk.

Each starts at ``/``; after that the only addresses not reached by a click are the links
a person follows from an email. Every page visited gets axe-core; at 360 px nothing may be
wider than the screen.
"""

import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from directory.factories import ProfileFactory, UserFactory
from directory.models import Profile
from directory.permissions import MODERATORS_GROUP, ensure_moderator_groups
from events.factories import EventPageFactory, RegistrationFactory, at
from events.models import EventIndexPage
from home.models import TelecentrePage
from tests.browser.conftest import axe_violations, mail_to, path_of
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]

PASSWORD = "Cantal-2026-volcans"


@pytest.fixture(params=[360, 1280], ids=["phone", "desk"])
def width(request, page):
    page.set_viewport_size({"width": request.param, "height": 800})
    page.tab.set_default_timeout(8000)
    return request.param


def arrived(page, width):
    """The page that a click led to: loaded, axe-clean, and no wider than a phone."""
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == [], page.url
    if width <= 360:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, page.url


def header_link(page, name):
    """Clicks a link of the header, opening the phone menu first when it is folded."""
    toggle = page.locator(".main-menu__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator("#site-menu").get_by_role("link", name=name).first.click()


def test_a_newcomer_finds_a_centre_near_a_commune_and_subscribes_to_its_calendar(
    page, width, small_site
):
    riom = TelecentrePage.objects.get(slug="riom-es-montagnes")
    EventPageFactory(
        parent=EventIndexPage.objects.get(),
        title="Café des télétravailleurs de l’Artense",
        telecentre=riom,
        start=at(9, 9),
    )
    page.goto("/")
    arrived(page, width)
    header_link(page, "Les télécentres")
    arrived(page, width)
    page.get_by_label(re.compile("Près de quelle commune")).fill("Riom-ès-Montagnes (15400)")
    page.get_by_role("button", name="Afficher les télécentres").click()
    arrived(page, width)
    nearest = page.locator("section[aria-labelledby=results-title] .card").first
    assert re.search(r"à 0\s+km de Riom-ès-Montagnes", nearest.inner_text())
    nearest.get_by_role("link").first.click()
    arrived(page, width)
    assert page.locator("h1").inner_text() == riom.title

    subscribe = page.get_by_role("link", name="S’abonner au calendrier de ce télécentre")
    assert subscribe.get_attribute("href").startswith("webcal://")
    feed = page.get_by_role("link", name="Adresse du calendrier (.ics)").get_attribute("href")
    assert subscribe.get_attribute("href").endswith(feed)
    calendar = page.request.get(page.base_url + feed)
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "Café des télétravailleurs de l’Artense" in calendar.text()
    assert page.console_errors == []


def test_a_business_finds_a_freelancer_by_trade_and_writes_to_them(
    page, width, small_site, smtp_server
):
    ProfileFactory(
        user=UserFactory(username="lea", email="lea.roux@example.org"),
        display_name="Léa Roux",
        headline="Graphiste et illustratrice",
        skills=["Graphisme", "Illustration"],
    )
    page.goto("/")
    arrived(page, width)
    header_link(page, "Annuaire")
    arrived(page, width)
    page.get_by_label("Mots-clés").fill("graphiste")
    page.locator("form.directory-search").get_by_role("button", name="Rechercher").click()
    arrived(page, width)
    page.locator("section[aria-labelledby=results-title]").get_by_role(
        "link", name="Léa Roux"
    ).click()
    arrived(page, width)
    assert page.locator("h1").inner_text() == "Léa Roux"

    page.get_by_label("Votre nom").fill("Jeanne Martin")
    page.get_by_label("Votre structure").fill("Fromagerie de Salers")
    page.get_by_label("Votre adresse électronique").fill("jeanne@fromagerie.example.com")
    page.get_by_label("Votre message").fill(
        "Bonjour, pourriez-vous dessiner notre nouvelle étiquette ?"
    )
    page.get_by_label("J’accepte que mon nom").check()
    page.get_by_role("button", name="Envoyer le message").click()
    arrived(page, width)
    assert "il sera transmis à Léa Roux" in page.locator(".message").first.inner_text()
    relayed = mail_to(smtp_server, "lea.roux@example.org", "Nouveau message de Jeanne Martin")
    assert relayed["message"]["Reply-To"] == "jeanne@fromagerie.example.com"
    assert page.console_errors == []


def test_a_freelancer_creates_an_account_and_a_profile_then_signs_up_for_a_session(
    page, width, small_site, smtp_server
):
    course = TrainingCoursePageFactory(
        parent=TrainingCalendarPageFactory(),
        title="Prospecter en ligne depuis le Cantal",
        sessions=[
            {
                "start": at(12, 9),
                "telecentre": TelecentrePage.objects.get(slug="aurillac"),
                "capacity": 10,
            }
        ],
    )
    email = f"lea.roux.{width}@example.org"  # allauth limits the emails sent to one address
    page.goto("/")
    arrived(page, width)
    header_link(page, "Créer un compte")
    arrived(page, width)
    page.get_by_label("Adresse électronique").first.fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    arrived(page, width)
    assert "Vérifiez votre adresse électronique" in page.content()

    # The one address not reached by a click on the site: the link in the email.
    message = mail_to(smtp_server, email, "")
    link = re.search(
        r"https?://\S+/compte/confirm-email/\S+", smtp_server.body(message["message"])
    ).group(0)
    page.goto(path_of(link))
    arrived(page, width)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    arrived(page, width)

    page.get_by_role("link", name="Créer mon profil").click()
    arrived(page, width)
    page.get_by_label("Nom affiché").fill("Léa Roux")
    page.get_by_label("Titre").fill("Graphiste et illustratrice")
    page.get_by_label("Présentation").fill("Graphiste installée à Murat : identités visuelles.")
    page.get_by_label("Compétences").fill("Graphisme, Illustration")
    page.get_by_label("Commune").fill("Murat (15300)")
    page.get_by_role("button", name="Enregistrer").click()
    arrived(page, width)
    assert "Votre profil est enregistré." in page.content()
    page.get_by_role("button", name="Envoyer à la validation").click()
    arrived(page, width)
    assert "envoyé aux modérateurs" in page.content()
    assert Profile.objects.get(display_name="Léa Roux").state == Profile.State.SUBMITTED

    header_link(page, "Formations")
    arrived(page, width)
    page.get_by_role("link", name=course.title).first.click()
    arrived(page, width)
    page.get_by_label("Nom et prénom").fill("Léa Roux")
    page.get_by_label(re.compile("J’accepte que ces informations")).check()
    page.get_by_role("button", name="Je m’inscris").click()
    arrived(page, width)
    # Her own verified address: she lands on her sign-up's own page.
    assert "/agenda/inscription/" in page.url
    assert "Confirmée" in page.locator(".registration-summary").inner_text()

    header_link(page, "Mes inscriptions")
    arrived(page, width)
    upcoming = page.locator("section[aria-labelledby=upcoming-title]")
    assert upcoming.get_by_role("link", name=course.title).is_visible()
    assert page.console_errors == []


@pytest.fixture
def editor(small_site):
    group = ensure_moderator_groups() or Group.objects.get(name=MODERATORS_GROUP)
    user = get_user_model().objects.create_user(
        "moderatrice",
        email="moderatrice@example.org",
        password=PASSWORD,
        first_name="Nadia",
        last_name="Chassang",
        is_staff=True,
    )
    user.groups.add(group, Group.objects.get(name="Editors"))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=["view_registration", "change_registration"],
        )
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_an_editor_approves_a_profile_and_exports_the_registrants(page, width, editor):
    ProfileFactory(
        display_name="Marc Vidal",
        headline="Comptable indépendant",
        state=Profile.State.SUBMITTED,
    )
    workshop = EventPageFactory(
        parent=EventIndexPage.objects.get(),
        title="Atelier : facturer à l’étranger",
        start=at(8, 14),
        capacity=10,
    )
    slot = workshop.slots.get()
    RegistrationFactory(slot=slot, name="Camille Fabre", email="camille.fabre@example.org")

    page.goto("/")
    arrived(page, width)
    header_link(page, "Se connecter")
    arrived(page, width)
    page.locator("#id_login").fill(editor.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    arrived(page, width)
    header_link(page, "Administration du site")
    page.wait_for_load_state("networkidle")
    assert "1 profil attend une validation." in page.content()
    page.get_by_role("link", name="Marc Vidal").first.click()
    page.get_by_role("button", name="Valider et publier").click()
    page.wait_for_load_state("networkidle")
    assert Profile.objects.get(display_name="Marc Vidal").state == Profile.State.APPROVED

    sidebar_toggle = page.get_by_role("button", name=re.compile("Toggle sidebar|barre latérale"))
    if width <= 360 and sidebar_toggle.count():
        sidebar_toggle.first.click()
    page.get_by_role("link", name="Inscriptions", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=workshop.title).first.click()
    page.wait_for_load_state("networkidle")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Exporter en CSV")).click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "Camille Fabre" in exported and "camille.fabre@example.org" in exported
