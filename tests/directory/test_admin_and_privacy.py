"""Editors moderate in the Wagtail admin; freelancers export and delete their data;
owners of old profiles are asked to confirm them."""

import datetime
import io
import json

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.images.models import Image

from directory.factories import ContactMessageFactory, ProfileFactory, image_upload
from directory.models import Profile, Skill, SkillSynonym, TaggedSkill
from directory.photos import save_photo

pytestmark = pytest.mark.django_db


def test_moderator_sees_waiting_count_and_approves(
    client, moderator, draft, django_capture_on_commit_callbacks
):
    draft.mark_submitted()
    draft.save()
    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "1 profil attend une validation." in dashboard
    listing = client.get("/admin/annuaire/profils/?state=submitted").content.decode()
    assert "Paul Brouillon" in listing
    review = client.get(f"/admin/annuaire/profils/review/{draft.pk}/")
    assert review.status_code == 200
    assert "jamais été validé" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/annuaire/profils/review/{draft.pk}/", {"action": "approve"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "approved" and draft.approved_snapshot["headline"] == "Graphiste"
    assert mail.outbox[-1].to == [draft.user.email]
    assert "publié" in mail.outbox[-1].subject
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_reject_needs_a_reason_which_is_emailed(
    client, moderator, draft, django_capture_on_commit_callbacks
):
    draft.mark_submitted()
    draft.save()
    client.force_login(moderator)
    url = f"/admin/annuaire/profils/review/{draft.pk}/"
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"action": "reject", "reason": "Merci de préciser vos services et vos tarifs."}
        )
    draft.refresh_from_db()
    assert draft.state == "rejected"
    assert "Merci de préciser vos services" in mail.outbox[-1].body
    client.force_login(draft.user)
    assert "Merci de préciser vos services" in client.get("/compte/").content.decode()


def test_review_shows_the_diff_since_last_approval(client, moderator, profile):
    profile.headline = "Traductrice et interprète"
    profile.skills.add(Skill.objects.resolve("visio"))
    profile.mark_submitted()
    profile.save()
    client.force_login(moderator)
    html = client.get(f"/admin/annuaire/profils/review/{profile.pk}/").content.decode()
    assert "<del>anglais-français</del>" in html and "<ins>et interprète</ins>" in html
    assert "<ins>Visioconférence</ins>" in html or "Visioconférence</ins>" in html


def test_editors_cannot_add_profiles_and_freelancers_cannot_moderate(client, moderator, profile):
    client.force_login(moderator)
    assert client.get("/admin/annuaire/profils/new/").status_code in (302, 403)
    client.force_login(profile.user)
    response = client.post(
        f"/admin/annuaire/profils/review/{profile.pk}/", {"action": "reject", "reason": "x" * 20}
    )
    assert response.status_code in (302, 403)
    profile.refresh_from_db()
    assert profile.state == "approved"


def test_merge_skills_moves_profiles_and_keeps_a_synonym(client, moderator, profile):
    duplicate = Skill.objects.create(name="Traductions EN-FR")
    other = ProfileFactory(skills=["Traductions EN-FR"])
    profile.skills.add(duplicate)
    target = Skill.objects.get(name="Traduction anglais-français")
    client.force_login(moderator)
    response = client.post(
        f"/admin/annuaire/competences/merge/{duplicate.pk}/", {"target": target.pk}
    )
    assert response.status_code == 302
    assert not Skill.objects.filter(pk=duplicate.pk).exists()
    assert Skill.objects.resolve("traductions en-fr") == target
    assert SkillSynonym.objects.filter(skill=target, name="Traductions EN-FR").exists()
    assert other.skill_names() == ["Traduction anglais-français"]
    assert TaggedSkill.objects.filter(content_object=profile, tag=target).count() == 1


def test_skill_variants_are_one_skill():
    first = Skill.objects.resolve_or_create("Développement Web")
    assert Skill.objects.resolve_or_create("developpement   web") == first
    assert Skill.objects.resolve("DÉVELOPPEMENT WEB") == first
    assert Skill.objects.resolve("visio").name == "Visioconférence"
    assert Skill.objects.count() >= 150


# ---------------------------------------------------------------------------
# RGPD


def test_data_export_contains_everything_about_the_user(client, profile):
    ContactMessageFactory(profile=profile, sender_name="Jeanne Martin")
    client.force_login(profile.user)
    response = client.get("/compte/donnees/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "marie.dupont@example.org"
    assert data["directory_profile"]["display_name"] == "Marie Dupont"
    assert data["directory_profile"]["skills"] == [
        "Relecture et correction",
        "Traduction anglais-français",
    ]
    assert data["directory_profile"]["messages_received"][0]["sender_name"] == "Jeanne Martin"


def test_deleting_the_account_deletes_profile_photo_skills_messages_and_index_entry(
    client, profile, django_capture_on_commit_callbacks
):
    from search import indexing
    from search.models import ProfileTerm

    profile.photo = save_photo(image_upload(), "jpg", profile.slug)
    profile.save()
    ContactMessageFactory(profile=profile)
    indexing.process()
    assert ProfileTerm.objects.filter(profile_id=profile.pk).exists()
    assert client.get("/api/v1/directory/", {"q": "Dupont"}).json()["count"] == 1
    photo_id, user_id, profile_id = profile.photo_id, profile.user_id, profile.pk

    client.force_login(profile.user)
    response = client.post("/compte/supprimer/", {"password": "mauvais"})
    assert "Mot de passe incorrect." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/supprimer/", {"password": "cantal-dev-2026"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user_id).exists()
    assert not Profile.objects.filter(pk=profile_id).exists()
    assert not Image.objects.filter(pk=photo_id).exists()
    assert not TaggedSkill.objects.filter(content_object_id=profile_id).exists()
    assert not ProfileTerm.objects.filter(profile_id=profile_id).exists()
    assert client.get("/api/v1/directory/", {"q": "Dupont"}).json()["count"] == 0
    assert client.get("/annuaire/marie-dupont/").status_code == 404
    assert client.get("/compte/").status_code == 302  # logged out


def test_privacy_page_explains_the_directory(client, small_site):
    html = client.get("/donnees-personnelles/").content.decode()
    assert "annuaire" in html and "jamais publiée" in html


# ---------------------------------------------------------------------------
# Freshness


def test_freshness_reminds_then_withdraws_then_one_click_confirms(client, profile, settings):
    six_months_ago = timezone.now() - datetime.timedelta(days=settings.DIRECTORY_FRESHNESS_DAYS + 1)
    Profile.objects.filter(pk=profile.pk).update(confirmed_at=six_months_ago)
    ProfileFactory(display_name="Récente")  # confirmed today: left alone
    call_command("run_scheduled", "freshness", "email", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    reminder = mail.outbox[0]
    assert reminder.to == ["marie.dupont@example.org"]
    assert "toujours disponible" in reminder.subject
    link = next(
        line for line in reminder.body.splitlines() if "/compte/profil/confirmer/" in line
    ).strip()
    call_command("run_scheduled", "freshness", "email", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # sent once
    assert client.get("/annuaire/marie-dupont/").status_code == 200

    a_month_later = timezone.now() - datetime.timedelta(
        days=settings.DIRECTORY_FRESHNESS_GRACE_DAYS + 1
    )
    Profile.objects.filter(pk=profile.pk).update(reminder_sent_at=a_month_later)
    call_command("run_scheduled", "freshness", "email", stdout=io.StringIO())
    profile.refresh_from_db()
    assert profile.is_stale
    assert client.get("/annuaire/marie-dupont/").status_code == 404
    assert "n’apparaît plus" in mail.outbox[-1].subject

    path = link.split("testserver", 1)[1]
    response = client.get(path)  # one click, no login
    assert response.status_code == 200 and "votre profil est confirmé" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.is_stale and profile.reminder_sent_at is None
    assert client.get("/annuaire/marie-dupont/").status_code == 200
    assert client.get("/compte/profil/confirmer/faux-jeton/").status_code == 400
