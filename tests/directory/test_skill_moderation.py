"""A skill typed by a freelancer that the vocabulary lacks is proposed: seen on that
profile only, shared once a moderator approves the profile or the skill."""

import json
import re

import pytest

from directory.factories import UserFactory
from directory.models import Profile, Skill
from tests.directory.test_profiles import profile_data

pytestmark = pytest.mark.django_db

NEW = "Apiculture connectée"


def save_profile(client, user, skills, name):
    client.force_login(user)
    response = client.post(
        "/compte/profil/", profile_data(skills=skills, display_name=name, siret="")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Profile.objects.get(user=user)


def suggestions(client, user):
    """The names the profile form suggests to ``user``."""
    client.force_login(user)
    html = client.get("/compte/profil/").content.decode()
    datalist = re.search(r'<datalist id="skill-suggestions">(.*?)</datalist>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', datalist.group(1))


def api_skills(client, prefix):
    client.logout()
    return [
        item["name"] for item in client.get(f"/api/v1/skills/?prefix={prefix}").json()["skills"]
    ]


def admin_skill_list(client, moderator, status):
    client.force_login(moderator)
    return client.get(f"/admin/annuaire/competences/?status={status}").content.decode()


@pytest.fixture
def third_user(small_site):
    return UserFactory(username="jeanne", email="jeanne@example.org")


def test_a_new_skill_is_seen_only_on_its_profile_until_approved(
    client, freelancer, other_user, third_user, moderator, django_capture_on_commit_callbacks
):
    marie = save_profile(client, freelancer, f"{NEW}, VISIO", "Marie Dupont")
    skill = Skill.objects.get(name=NEW)
    assert not skill.is_shared and skill.proposed_by == marie
    assert marie.skill_names() == [NEW, "Visioconférence"]  # a synonym picks the shared skill
    assert Skill.objects.get(name="Visioconférence").is_shared

    # On Marie's own pages: her form and her preview.
    client.force_login(freelancer)
    assert NEW in client.get("/compte/profil/").content.decode()
    assert NEW in client.get("/compte/profil/apercu/").content.decode()
    # The moderators' review says it is new.
    client.force_login(moderator)
    review = client.get(f"/admin/annuaire/profils/review/{marie.pk}/").content.decode()
    assert "Nouvelles compétences proposées" in review and NEW in review

    # Nowhere else: another freelancer's suggestions, the public API, the facets, the
    # shared skills of the moderators' list.
    assert NEW not in suggestions(client, other_user)
    assert "Visioconférence" in suggestions(client, other_user)
    assert api_skills(client, "apic") == []
    client.logout()
    answer = client.get("/api/v1/directory/", {"skill": NEW}).json()
    assert answer["count"] == 0 and NEW not in json.dumps(answer, ensure_ascii=False)
    assert NEW not in client.get("/annuaire/").content.decode()
    assert NEW not in admin_skill_list(client, moderator, "shared")
    proposed = admin_skill_list(client, moderator, "proposed")
    assert NEW in proposed and "proposée par « Marie Dupont »" in proposed

    # Someone else typing the same new word gets their own proposal, in their spelling:
    # nothing tells them that Marie typed it.
    paul = save_profile(client, other_user, "apiculture CONNECTÉE", "Paul Rucher")
    assert paul.skill_names() == ["apiculture CONNECTÉE"]
    assert Skill.objects.filter(key="apiculture connectee").count() == 2

    # A moderator approves Marie's profile: the skill is shared, Paul's proposal joins it.
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):  # the index queue runs
        response = client.post(f"/admin/annuaire/profils/review/{marie.pk}/", {"action": "approve"})
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.is_shared and skill.slug == "apiculture-connectee"
    assert Skill.objects.filter(key="apiculture connectee").count() == 1
    assert paul.skill_names() == [NEW]
    assert NEW in suggestions(client, third_user)
    assert api_skills(client, "apic") == [NEW]
    client.logout()
    facets = client.get("/api/v1/directory/").json()["facets"]["skills"]
    assert NEW in [item["value"] for item in facets]
    assert NEW in admin_skill_list(client, moderator, "shared")


def test_a_moderator_approves_a_proposed_skill_in_the_skills_admin(
    client, freelancer, other_user, moderator
):
    save_profile(client, freelancer, "Ferronnerie d’art", "Marie Dupont")
    skill = Skill.objects.get(name="Ferronnerie d’art")
    assert "Ferronnerie d’art" not in suggestions(client, other_user)

    client.force_login(moderator)
    listing = admin_skill_list(client, moderator, "proposed")
    assert f"/admin/annuaire/competences/share/{skill.pk}/" in listing
    page = client.get(f"/admin/annuaire/competences/share/{skill.pk}/")
    assert page.status_code == 200 and "Marie Dupont" in page.content.decode()
    response = client.post(f"/admin/annuaire/competences/share/{skill.pk}/")
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.is_shared
    assert "Ferronnerie d’art" in suggestions(client, other_user)
    # A shared skill is not offered for approval again.
    client.force_login(moderator)
    assert client.get(f"/admin/annuaire/competences/share/{skill.pk}/").status_code == 404


def test_a_freelancer_cannot_approve_a_skill(client, freelancer):
    save_profile(client, freelancer, "Ferronnerie d’art", "Marie Dupont")
    skill = Skill.objects.get(name="Ferronnerie d’art")
    client.post(f"/admin/annuaire/competences/share/{skill.pk}/")
    skill.refresh_from_db()
    assert not skill.is_shared


def test_proposed_skills_vanish_when_dropped_or_with_their_profile(client, freelancer):
    marie = save_profile(client, freelancer, "Ferronnerie d’art, Dorure", "Marie Dupont")
    assert set(marie.proposed_skill_names()) == {"Dorure", "Ferronnerie d’art"}
    save_profile(client, freelancer, "Dorure", "Marie Dupont")
    assert not Skill.objects.filter(name="Ferronnerie d’art").exists()
    assert Skill.objects.filter(name="Dorure", proposed_by=marie).exists()

    client.post("/compte/profil/supprimer/")
    assert not Profile.objects.filter(pk=marie.pk).exists()
    assert not Skill.objects.filter(name="Dorure").exists()


def test_proposed_skills_vanish_with_the_account(client, freelancer):
    save_profile(client, freelancer, "Dorure", "Marie Dupont")
    client.post("/compte/supprimer/", {"password": "cantal-dev-2026"})
    assert not Skill.objects.filter(name="Dorure").exists()


def test_shared_skills_stay_when_a_profile_drops_them(client, freelancer):
    save_profile(client, freelancer, "Comptabilité", "Marie Dupont")
    save_profile(client, freelancer, "Paie", "Marie Dupont")
    assert Skill.objects.get(name="Comptabilité").is_shared


def test_a_skill_created_by_a_moderator_absorbs_the_proposals_of_that_word(client, freelancer):
    marie = save_profile(client, freelancer, "dorure", "Marie Dupont")
    shared = Skill.objects.create(name="Dorure")
    assert shared.is_shared
    assert marie.skill_names() == ["Dorure"]
    assert Skill.objects.filter(key="dorure").count() == 1


def test_skills_typed_before_moderation_by_unapproved_profiles_become_their_proposals(
    profile, draft
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "directory.migrations.0004_existing_skills_become_proposals"
    )
    legacy = Skill.objects.resolve_or_create("Ferronnerie d’art")  # shared, as before
    on_public = Skill.objects.resolve_or_create("Dorure")
    draft.skills.set([legacy, Skill.objects.resolve("Comptabilité")])
    profile.skills.add(on_public)
    migration.skills_to_proposals(apps, None)
    legacy.refresh_from_db()
    assert legacy.proposed_by == draft and legacy.slug.startswith("proposee-")
    assert Skill.objects.get(name="Comptabilité").is_shared  # the curated vocabulary
    assert Skill.objects.get(name="Dorure").is_shared  # on an approved profile
