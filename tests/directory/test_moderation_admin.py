"""The directory's moderation in the admin (issue 10, item 7): the list opens the review
from the name and speaks in words, moderators are emailed, the review shows every field."""

import re

import pytest

from django.test import override_settings

from directory.factories import image_upload
from directory.models import Profile
from directory.moderation import moderator_emails, send_moderation_digest
from directory.photos import save_photo
from home.models import Commune, TelecentrePage
from tests.mailbox import delivered

pytestmark = pytest.mark.django_db


def test_the_name_opens_the_review_and_states_read_as_words(client, moderator, profile, draft):
    draft.mark_submitted()
    draft.save()
    profile.is_hidden = True
    profile.save()
    client.force_login(moderator)
    html = client.get("/admin/annuaire/profils/").content.decode()
    review = f"/admin/annuaire/profils/review/{draft.pk}/"
    assert re.search(rf'<a href="{review}"[^>]*>\s*Paul Brouillon\s*</a>', html)
    start = html.index('<table class="listing')
    table = html[start : html.index("</table>", start)]
    assert not re.search(r">\s*(False|True)\s*<", table)
    assert "Masqué par son auteur" in table
    assert "Visibilité" in table


def test_moderators_get_one_email_per_submitted_profile(
    client, moderator, draft, django_capture_on_commit_callbacks
):
    client.force_login(draft.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/profil/soumettre/")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    [email] = [m for m in delivered() if m.to == [moderator.email]]
    assert email.subject == "Profil à examiner : Paul Brouillon"
    assert f"/admin/annuaire/profils/review/{draft.pk}/" in email.body
    assert email.body.count("http://") == 1
    # Sending again what is already waiting emails nobody.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/profil/soumettre/")
    assert len([m for m in delivered() if m.to == [moderator.email]]) == 1


@override_settings(DIRECTORY_MODERATION_NOTIFY="daily")
def test_a_daily_digest_instead_when_configured(
    client, moderator, draft, django_capture_on_commit_callbacks
):
    client.force_login(draft.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/profil/soumettre/")
    assert not [m for m in delivered() if m.to == [moderator.email]]
    assert send_moderation_digest() == len(moderator_emails())  # one each, superusers too
    [digest] = [m for m in delivered() if m.to == [moderator.email]]
    assert digest.subject == "Un profil attend votre examen"
    assert "Paul Brouillon" in digest.body and f"/review/{draft.pk}/" in digest.body
    Profile.objects.update(state="approved")
    assert send_moderation_digest() == 0  # nothing waits, nothing is sent


def test_the_review_shows_every_public_field(client, moderator, draft):
    draft.languages = ["fr", "oc"]
    draft.work_mode = "hybrid"
    draft.day_rate = 420
    draft.years_experience = 7
    draft.website = "https://paul-graphiste.example.fr"
    draft.portfolio = "https://portfolio.example.fr/paul"
    draft.commune = Commune.objects.get(insee="15138")
    draft.telecentre = TelecentrePage.objects.get(slug="murat")
    draft.photo = save_photo(image_upload(), "jpg", draft.slug)
    draft.save()
    draft.skills.set([])
    client.force_login(moderator)
    html = client.get(f"/admin/annuaire/profils/review/{draft.pk}/").content.decode()
    for text in (
        "Langues de travail",
        "français, occitan",
        "Mode de travail",
        draft.get_work_mode_display().capitalize(),
        "420 € HT",
        "7 ans",
        "https://paul-graphiste.example.fr",
        "https://portfolio.example.fr/paul",
        "Murat (15300)",
        draft.telecentre.title,
        "Disponibilité",
        "Compétences",
    ):
        assert text in html, text
    assert re.search(r"<img[^>]+src=\"[^\"]+\"", html.split('class="directory-review__fields"')[1])
