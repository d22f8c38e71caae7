"""A freelancer writes, submits, hides, edits and deletes their own profile."""

import datetime
import io
import os
import re

import pytest
from mailer.models import Message
from PIL import Image as PILImage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.factories import image_upload
from directory.models import Profile, Skill, TaggedSkill
from home.models import TelecentrePage

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "display_name": "Marie Dupont",
        "headline": "Traductrice anglais-français",
        "bio": "Traductrice depuis dix ans.\n\nJe travaille depuis Murat.",
        "skills": "traduction anglais-français, VISIO, Développement Web",
        "languages": ["fr", "en"],
        "commune": "Murat (15300)",
        "telecentre": TelecentrePage.objects.get(slug="murat").pk,
        "availability": "now",
        "available_from": "",
        "work_mode": "remote",
        "day_rate": "350",
        "years_experience": "10",
        "website": "https://marie-traduction.example.fr",
        "portfolio": "",
        "siret": "732 829 320 00074",
    }
    data.update(overrides)
    return data


def test_account_page_links_to_profile_and_registrations(client, freelancer):
    client.force_login(freelancer)
    html = client.get("/compte/").content.decode()
    assert html.count("<h1") == 1
    assert 'href="/compte/profil/"' in html
    assert 'href="/compte/inscriptions/"' in html and "Mes inscriptions" in html
    assert 'href="/compte/donnees/"' in html


def test_anonymous_is_sent_to_login(client, small_site):
    for url in [
        "/compte/",
        "/compte/profil/",
        "/compte/profil/apercu/",
        "/compte/donnees/",
        "/compte/supprimer/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")


def test_create_profile_as_draft_then_submit(client, freelancer):
    client.force_login(freelancer)
    response = client.get("/compte/profil/")
    html = response.content.decode()
    assert '<label for="id_display_name">' in html
    assert (
        '<datalist id="skill-suggestions">' in html and '<option value="Visioconférence">' in html
    )

    response = client.post("/compte/profil/", profile_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = Profile.objects.get(user=freelancer)
    assert profile.state == "draft"
    assert re.fullmatch(r"marie-dupont-[a-z2-9]{5}", profile.slug)
    # case, accents and synonyms resolve to the existing skills
    assert profile.skill_names() == [
        "Développement web",
        "Traduction anglais-français",
        "Visioconférence",
    ]
    assert profile.bio == "<p>Traductrice depuis dix ans.</p>\n\n<p>Je travaille depuis Murat.</p>"
    assert profile.siret == "73282932000074"
    assert profile.languages == ["fr", "en"]
    assert client.get(profile.get_absolute_url()).status_code == 200  # the owner sees it
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404

    client.force_login(freelancer)
    response = client.post("/compte/profil/soumettre/")
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.state == "submitted" and profile.submitted_at


def test_new_skill_is_created_once_whatever_its_case(client, freelancer):
    client.force_login(freelancer)
    client.post(
        "/compte/profil/", profile_data(skills="Apiculture connectée, apiculture CONNECTÉE")
    )
    assert Skill.objects.filter(key="apiculture connectee").count() == 1
    assert Profile.objects.get(user=freelancer).skill_names() == ["Apiculture connectée"]


def test_submit_needs_a_verified_email(client, small_site):
    from directory.factories import ProfileFactory, UserFactory

    user = UserFactory(username="nonverifie", verified=False)
    profile = ProfileFactory(user=user, state="draft")
    client.force_login(user)
    response = client.post("/compte/profil/soumettre/", follow=True)
    assert "Confirmez d’abord votre adresse électronique" in response.content.decode()
    profile.refresh_from_db()
    assert profile.state == "draft"


def test_substantial_change_sends_an_approved_profile_back_to_review(client, profile):
    client.force_login(profile.user)
    # A practical detail: published at once, still approved.
    data = profile_data(
        display_name=profile.display_name,
        headline=profile.headline,
        bio="Installée dans le Cantal, je travaille à distance pour des clients de toute la France.",
        skills=", ".join(profile.skill_names()),
        website="",
        availability="no",
    )
    client.post("/compte/profil/", data)
    profile.refresh_from_db()
    assert profile.state == "approved" and profile.availability == "no"
    assert client.get("/annuaire/", {"available": "1"}).content.decode().count("Marie Dupont") == 0

    # The headline is substantial: back to review, off the public directory.
    response = client.post(
        "/compte/profil/", {**data, "headline": "Traductrice et interprète"}, follow=True
    )
    assert (
        "votre profil est retiré de l’annuaire le temps qu’un modérateur"
        in response.content.decode()
    )
    profile.refresh_from_db()
    assert profile.state == "submitted"
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_slug_stays_when_the_name_changes_and_old_slugs_redirect(client, profile, moderator):
    client.force_login(profile.user)
    data = profile_data(display_name="Marie Martin", skills="Traduction anglais-français")
    client.post("/compte/profil/", data)
    profile.refresh_from_db()
    assert profile.slug == "marie-dupont"
    # An editor changes the address: the old one redirects.
    profile.slug = "marie-martin"
    profile.save()
    profile.approve(moderator)
    client.logout()
    response = client.get("/annuaire/marie-dupont/")
    assert response.status_code == 301 and response["Location"] == "/annuaire/marie-martin/"
    assert client.get("/annuaire/marie-martin/").status_code == 200


def test_hide_and_show_an_approved_profile(client, profile):
    client.force_login(profile.user)
    client.post("/compte/profil/visibilite/", {"action": "hide"})
    profile.refresh_from_db()
    assert profile.is_hidden
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404
    assert "Marie Dupont" not in client.get("/annuaire/").content.decode()
    client.force_login(profile.user)
    client.post("/compte/profil/visibilite/", {"action": "show"})
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 200


def test_preview_shows_the_public_page_to_its_owner(client, draft):
    client.force_login(draft.user)
    html = client.get("/compte/profil/apercu/").content.decode()
    assert "Aperçu de votre profil" in html
    assert "Paul Brouillon" in html and "Graphiste" in html
    assert html.count("<h1") == 1


def test_delete_profile_removes_photo_skills_and_messages(client, profile):
    from wagtail.images.models import Image

    from directory.factories import ContactMessageFactory

    client.force_login(profile.user)
    client.post("/compte/profil/", profile_data(photo_upload=image_upload()))
    profile.refresh_from_db()
    photo_id = profile.photo_id
    assert photo_id
    ContactMessageFactory(profile=profile)
    response = client.post("/compte/profil/supprimer/")
    assert response.status_code == 302
    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert not Image.objects.filter(pk=photo_id).exists()
    assert not TaggedSkill.objects.filter(content_object_id=profile.pk).exists()
    assert not mail.outbox and not Message.objects.exists()  # nothing queued either


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "bio",
    [
        '<script>alert("x")</script><p>Bonjour</p>',
        '<p onmouseover="alert(1)">Bonjour</p><img src=x onerror="alert(1)">',
        '<p>Bonjour <a href="javascript:alert(1)">clic</a></p>',
        '<p style="background:url(x)">Bonjour</p><iframe src="https://evil.example"></iframe>',
    ],
)
def test_script_and_event_handlers_in_bio_are_neutralised(client, freelancer, bio):
    client.force_login(freelancer)
    client.post("/compte/profil/", profile_data(bio=bio))
    profile = Profile.objects.get(user=freelancer)
    for bad in (
        "<script",
        "onmouseover",
        "onerror",
        "javascript:",
        "style=",
        "<iframe",
        "<img",
        "alert(",
    ):
        assert bad not in profile.bio
    assert "Bonjour" in profile.bio
    html = client.get("/compte/profil/apercu/").content.decode()
    assert "alert(" not in html


def test_links_in_bio_get_nofollow(client, freelancer):
    client.force_login(freelancer)
    client.post(
        "/compte/profil/", profile_data(bio='<p>Voir <a href="https://exemple.fr">mon site</a></p>')
    )
    bio = Profile.objects.get(user=freelancer).bio
    assert 'rel="nofollow noopener"' in bio and 'href="https://exemple.fr"' in bio


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("website", "pas une adresse", "commençant par https://"),
        ("website", "javascript:alert(1)", "commençant par https://"),
        ("portfolio", "ftp://exemple.fr", "commençant par https://"),
        ("siret", "73282932000075", "Ce numéro SIRET n’est pas valide"),
        ("siret", "1234", "exactement 14 chiffres"),
        ("available_from", "31/02/2027", "Saisissez une date valide"),
        ("available_from", "2020-01-01", "Cette date est passée"),
        ("day_rate", "-5", ""),
        ("commune", "", "Indiquez votre commune."),
        ("commune", "Paris", "Nous ne trouvons pas cette commune du Cantal"),
    ],
)
def test_invalid_input_is_refused_and_nothing_saved_is_lost(client, profile, field, value, message):
    client.force_login(profile.user)
    before = Profile.objects.get(pk=profile.pk).snapshot()
    soon = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    data = profile_data(display_name="Nom modifié", availability="from", available_from=soon)
    data[field] = value
    response = client.post("/compte/profil/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert (
        f'aria-describedby="id_{field}_helptext id_{field}_error"' in html
        or f'aria-describedby="id_{field}_error"' in html
    )
    assert 'value="Nom modifié"' in html  # what was typed is kept
    profile.refresh_from_db()
    assert profile.snapshot() == before  # nothing saved was lost


def test_la_poste_siret_exception_is_accepted(client, freelancer):
    client.force_login(freelancer)
    response = client.post("/compte/profil/", profile_data(siret="35600000000001"))
    assert response.status_code == 302
    assert Profile.objects.get(user=freelancer).siret == "35600000000001"


def test_photo_is_stored_as_a_wagtail_image_with_a_random_name(client, freelancer):
    client.force_login(freelancer)
    response = client.post(
        "/compte/profil/",
        profile_data(photo_upload=image_upload("marie-dupont.png", image_format="PNG")),
    )
    assert response.status_code == 302
    photo = Profile.objects.get(user=freelancer).photo
    assert photo.collection.name == "Photos de l’annuaire (privé)"
    assert "marie" not in photo.file.name and photo.file.name.endswith(".png")


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: image_upload("photo.gif", image_format="GIF"), "Format d’image non accepté (GIF)"),
        (
            lambda: SimpleUploadedFile(
                "photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"
            ),
            "n’est pas une image lisible",
        ),
    ],
)
def test_non_image_photos_are_refused(client, freelancer, upload, message):
    client.force_login(freelancer)
    response = client.post("/compte/profil/", profile_data(photo_upload=upload()))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.filter(user=freelancer).exists()


def test_oversized_photo_is_refused(client, profile, settings):
    settings.DIRECTORY_PHOTO_MAX_BYTES = 20_000
    client.force_login(profile.user)
    noise = io.BytesIO()
    PILImage.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(noise, format="PNG")
    big = SimpleUploadedFile("grande.png", noise.getvalue(), content_type="image/png")
    response = client.post("/compte/profil/", profile_data(photo_upload=big))
    assert response.status_code == 400
    assert (
        "La photo pèse" in response.content.decode()
        and "elle ne doit pas dépasser" in response.content.decode()
    )
    profile.refresh_from_db()
    assert profile.photo_id is None and profile.display_name == "Marie Dupont"
