"""The account home (portal.accounts): the apps' sections, export and erasure come through
the hooks of portal.hooks, and every project hook is named by its constant."""

import json
import re
from pathlib import Path

import pytest

from django.urls import reverse

from wagtail import hooks

from directory.factories import ProfileFactory, UserFactory
from events.factories import EventPageFactory, RegistrationFactory, at
from events.models import Registration
from portal import hooks as portal_hooks
from portal.accounts.sections import AccountSection
from tests.text import french

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def person(small_site):
    return UserFactory(username="lucie", email="lucie.vidal@example.org")


def test_the_profile_comes_before_the_sign_ups_then_the_settings(client, person):
    ProfileFactory(user=person, display_name="Lucie Vidal")
    client.force_login(person)
    html = client.get("/compte/").content.decode()
    assert html.count("<h1") == 1
    profile = html.index('id="profile-title"')
    sign_ups = html.index('id="registrations-title"')
    settings = html.index('id="settings-title"')
    assert profile < sign_ups < settings
    assert 'href="/compte/profil/"' in html and 'href="/compte/supprimer/"' in html
    assert reverse("accounts:registrations") == "/compte/inscriptions/"


@pytest.fixture
def section_template(tmp_path, settings):
    """A template of an app's section, as an app would ship it."""
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "test_section.html").write_text(
        "<section><h2>Carte de fidélité de {{ who }}</h2><p>{{ request.path }}</p></section>",
        encoding="utf-8",
    )
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], tmp_path]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]


def test_an_app_adds_a_section_an_export_key_and_an_erasure_through_the_hooks(
    client, person, section_template
):
    erased = []

    def section(request):
        return AccountSection("accounts/test_section.html", {"who": request.user.email}, order=15)

    def export(user):
        return {"loyalty_card": {"number": f"C-{user.pk}"}}

    def erase(user, emails):
        erased.append(sorted(emails))
        return [("votre carte de fidélité", 1)]

    client.force_login(person)
    with (
        hooks.register_temporarily(portal_hooks.ACCOUNT_SECTIONS, section),
        hooks.register_temporarily(portal_hooks.PERSONAL_DATA, export),
        hooks.register_temporarily(portal_hooks.ERASE_PERSONAL_DATA, erase),
        hooks.register_temporarily(
            portal_hooks.ACCOUNT_ERASURE_NOTICE, lambda user: ["votre carte de fidélité ;"]
        ),
    ):
        html = client.get("/compte/").content.decode()
        # Rendered with the request's context: its own template, the user's address.
        assert "Carte de fidélité de lucie.vidal@example.org" in html
        assert "<p>/compte/</p>" in html
        assert html.index('id="profile-title"') < html.index("Carte de fidélité")
        assert html.index("Carte de fidélité") < html.index('id="registrations-title"')
        data = json.loads(client.get("/compte/donnees/").content)
        assert data["loyalty_card"] == {"number": f"C-{person.pk}"}
        assert data["account"]["email"] == "lucie.vidal@example.org"
        deletion = client.get("/compte/supprimer/").content.decode()
        assert french("votre carte de fidélité ;") in deletion
        response = client.post("/compte/supprimer/", {"password": "cantal-dev-2026"}, follow=True)
    assert erased == [["lucie.vidal@example.org"]]
    assert "votre carte de fidélité" in response.content.decode()
    assert not type(person).objects.filter(pk=person.pk).exists()


def test_the_deletion_page_names_the_profile_only_for_a_freelancer(client, person):
    client.force_login(person)
    page = client.get("/compte/supprimer/").content.decode()
    assert "votre profil dans l’annuaire" not in page
    assert "vos inscriptions aux événements et formations" in page
    ProfileFactory(user=person)
    page = client.get("/compte/supprimer/").content.decode()
    assert "votre profil dans l’annuaire" in page


def test_my_registrations_lists_a_sign_up_typed_with_a_verified_address(client, person):
    slot = EventPageFactory(title="Atelier tableur", start=at(9)).slots.get()
    RegistrationFactory(slot=slot, email="lucie.vidal@example.org", name="Lucie")
    RegistrationFactory(slot=slot, email="quelquun@example.org", name="Quelqu’un")
    client.force_login(person)
    html = client.get("/compte/inscriptions/").content.decode()
    assert "Atelier tableur" in html
    assert Registration.objects.count() == 2 and html.count("Gérer cette inscription") == 1


def test_every_project_hook_is_called_and_registered_through_its_constant():
    """A hook name typed as a string would escape ``portal.hooks`` (its one list)."""
    typed = []
    for folder in ("portal", "home", "events", "training", "directory", "search", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "hooks.py" and path.parent.name == "portal":
                continue
            text = path.read_text(encoding="utf-8")
            typed += [
                f"{path.relative_to(ROOT)}: {m.group(0)}"
                for m in re.finditer(r"""(register|get_hooks)\(\s*["']cybercantal_\w+""", text)
            ]
    assert typed == []
    registered = {name for name in portal_hooks.ALL if hooks.get_hooks(name)}
    # Each hook of the list is one an app provides (no name left over from old code).
    assert registered == set(portal_hooks.ALL)
