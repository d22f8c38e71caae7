"""A new profile's address does not tell whether a hidden or draft one of that name exists."""

import re

import pytest

from directory.factories import ProfileFactory, UserFactory
from directory.models import Profile, ProfileSlug
from tests.directory.test_profiles import profile_data

pytestmark = pytest.mark.django_db

SHAPE = r"marie-dupont-[a-z2-9]{5}"


def create_through_the_form(client, username):
    user = UserFactory(username=username, email=f"{username}@example.org")
    client.force_login(user)
    response = client.post("/compte/profil/", profile_data(siret=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Profile.objects.get(user=user)


@pytest.mark.parametrize(
    "existing",
    [
        None,
        {"state": "draft"},
        {"state": "submitted"},
        {"state": "rejected"},
        {"state": "approved", "is_hidden": True},
    ],
)
def test_the_new_address_has_the_same_shape_whoever_exists(client, small_site, existing):
    if existing is not None:
        hidden = ProfileFactory(display_name="Marie Dupont", **existing)
        assert hidden.slug == "marie-dupont" and not hidden.is_public
    first = create_through_the_form(client, "marie1")
    second = create_through_the_form(client, "marie2")
    for profile in (first, second):
        assert re.fullmatch(SHAPE, profile.slug), profile.slug
    assert first.slug != second.slug


def test_an_old_address_is_never_given_again(client, small_site):
    profile = ProfileFactory(display_name="Marie Dupont")
    profile.slug = "marie-dupont-abcde"
    profile.save()
    assert ProfileSlug.objects.filter(slug="marie-dupont", profile=profile).exists()
    assert Profile.slug_taken("marie-dupont") and Profile.slug_taken("marie-dupont-abcde")
    # Existing addresses and their redirects keep working.
    client.logout()
    response = client.get("/annuaire/marie-dupont/")
    assert response.status_code == 301 and response["Location"] == "/annuaire/marie-dupont-abcde/"
    assert client.get("/annuaire/marie-dupont-abcde/").status_code == 200


def test_renaming_keeps_the_address(client, small_site):
    profile = create_through_the_form(client, "marie1")
    slug = profile.slug
    client.post("/compte/profil/", profile_data(display_name="Marie Martin", siret=""))
    profile.refresh_from_db()
    assert profile.display_name == "Marie Martin" and profile.slug == slug
