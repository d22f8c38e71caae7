"""The directory's whole journey in Chromium, with emails through a real SMTP server:
sign up, verify, write a profile, submit; an editor approves it; a visitor writes to it."""

import re

import pytest

from django.contrib.auth.models import Group

from directory.factories import ProfileFactory, UserFactory
from directory.models import Profile
from directory.permissions import MODERATORS_GROUP, ensure_moderator_groups
from tests.browser.conftest import axe_violations, mail_to, path_of
from tests.text import french

pytestmark = [pytest.mark.browser, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]

PASSWORD = "Cantal-2026-volcans"


def test_sign_up_profile_review_publication_and_contact(
    page, browser, live_server, small_site, smtp_server
):
    # 1. Sign up; the verification email arrives at the SMTP server.
    page.goto("/compte/signup/")
    page.tab.set_default_timeout(8000)
    page.locator("#id_email").fill("lea.roux@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state("networkidle")
    assert "Vérifiez votre adresse électronique" in page.content()
    message = smtp_server.wait_for(1)[0]
    assert message["to"] == ["lea.roux@example.org"]
    link = re.search(
        r"https?://\S+/compte/confirm-email/\S+", smtp_server.body(message["message"])
    ).group(0)

    # 2. Verify: logged in on the account page.
    page.goto(path_of(link))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/compte/")

    # 3. Write the profile, then send it for review. Saved empty first: the error summary
    # takes the focus and its links lead to their fields.
    group = ensure_moderator_groups() or Group.objects.get(name=MODERATORS_GROUP)
    editor = UserFactory(
        username="moderatrice", email="moderatrice@example.org", is_staff=True, password=PASSWORD
    )
    editor.groups.add(group)
    page.get_by_role("link", name="Créer mon profil").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("networkidle")
    summary = page.locator("[data-error-summary]")
    assert "Il y a un problème" in summary.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_display_name"
    # The refused form answers 400, which Chromium logs; nothing else may be logged.
    assert all("400 (Bad Request)" in error for error in page.console_errors)
    page.console_errors.clear()
    page.get_by_label("Nom affiché").fill("Léa Roux")
    page.get_by_label("Titre").fill("Graphiste et illustratrice")
    page.get_by_label("Présentation").fill(
        "Graphiste installée à Murat.\n\nIdentités visuelles et affiches."
    )
    page.get_by_label("Compétences").fill("graphisme, Illustration, visio")
    page.get_by_label("anglais").check()
    page.get_by_label("Commune").fill("Murat (15300)")
    page.get_by_label("Télécentre de rattachement").select_option(label="Télécentre de Murat")
    page.get_by_label("Site web").fill("https://lea-roux.example.fr")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("networkidle")
    assert "Votre profil est enregistré." in page.content()
    page.get_by_role("button", name="Envoyer à la validation").click()
    page.wait_for_load_state("networkidle")
    assert "envoyé aux modérateurs" in page.content()
    notice = mail_to(smtp_server, "moderatrice@example.org", "Profil à examiner : Léa Roux")
    assert "/admin/annuaire/profils/review/" in smtp_server.body(notice["message"])

    # Not public yet. (Its address ends with a random suffix: see Profile.unique_slug.)
    address = live_server.url + Profile.objects.get(display_name="Léa Roux").get_absolute_url()
    visitor = browser.new_context(locale="fr-FR")
    tab = visitor.new_page()
    assert tab.goto(address).status == 404

    # 4. An editor approves it in the admin.
    admin = browser.new_context(locale="fr-FR")
    admin_tab = admin.new_page()
    admin_tab.goto(live_server.url + "/admin/login/")
    admin_tab.locator("#id_username").fill("moderatrice")
    admin_tab.locator("#id_password").fill(PASSWORD)
    admin_tab.locator("button[type=submit]").first.click()
    admin_tab.wait_for_load_state("networkidle")
    assert "1 profil attend une validation." in admin_tab.content()
    admin_tab.get_by_role("link", name="Léa Roux").click()
    admin_tab.get_by_role("button", name="Valider et publier").click()
    admin_tab.wait_for_load_state("networkidle")
    approved = mail_to(smtp_server, "lea.roux@example.org", "publié")
    assert approved["to"] == ["lea.roux@example.org"]
    admin.close()

    # 5. The profile is public; a visitor writes through the relay form.
    assert tab.goto(address).status == 200
    assert "lea.roux@example.org" not in tab.content()
    tab.get_by_label("Votre nom").fill("Jeanne Martin")
    tab.get_by_label("Votre structure").fill("Fromagerie de Salers")
    tab.get_by_label("Votre adresse électronique").fill("jeanne@fromagerie.example.com")
    tab.get_by_label("Votre message").fill(
        "Bonjour, pourriez-vous dessiner notre nouvelle étiquette ?"
    )
    tab.get_by_label("J’accepte que mon nom").check()
    tab.get_by_role("button", name="Envoyer le message").click()
    tab.wait_for_load_state("networkidle")
    assert french("Votre message est enregistré ; il sera transmis à Léa Roux") in tab.content()
    relayed = mail_to(smtp_server, "lea.roux@example.org", "Nouveau message de Jeanne Martin")
    assert relayed["to"] == ["lea.roux@example.org"]
    assert relayed["message"]["Reply-To"] == "jeanne@fromagerie.example.com"
    assert "nouvelle étiquette" in smtp_server.body(relayed["message"])
    visitor.close()
    assert page.console_errors == []


def test_contact_form_errors_keep_the_text_and_are_announced(page, small_site):
    ProfileFactory(display_name="Marc Vidal", headline="Comptable indépendant")
    page.goto("/annuaire/marc-vidal/")
    page.get_by_label("Votre nom").fill("Jeanne")
    page.get_by_label("Votre message").fill("Trop court")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_label("Votre nom").input_value() == "Jeanne"
    assert page.get_by_label("Votre message").input_value() == "Trop court"
    email = page.get_by_label("Votre adresse électronique")
    assert email.get_attribute("aria-invalid") == "true"
    assert "Indiquez votre adresse électronique." in page.locator("#id_email_error").inner_text()


def test_directory_pages_are_accessible_and_fit_a_phone(page, small_site):
    """axe-core finds nothing on the directory's pages; the profile form fits 360 px."""
    ProfileFactory(
        display_name="Marc Vidal", headline="Comptable indépendant", skills=["Comptabilité"]
    )
    for path in ["/annuaire/", "/annuaire/marc-vidal/", "/compte/signup/", "/compte/login/"]:
        response = page.goto(path)
        assert response.status == 200
        violations = axe_violations(page)
        assert violations == [], (path, violations)
    user = UserFactory(username="mobile", email="mobile@example.org")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill("cantal-dev-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/compte/profil/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(page) == []
    assert page.console_errors == []
