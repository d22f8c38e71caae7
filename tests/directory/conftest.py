"""Fixtures for the directory: freelancers, their profiles, a moderator."""

import pytest

from django.contrib.auth.models import Group
from django.core.cache import cache

from directory.factories import ProfileFactory, UserFactory
from directory.permissions import MODERATORS_GROUP, ensure_moderator_groups


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def freelancer(small_site):
    return UserFactory(username="marie", email="marie.dupont@example.org")


@pytest.fixture
def other_user(small_site):
    return UserFactory(username="intrus", email="intrus@example.org")


@pytest.fixture
def profile(freelancer):
    """Marie's approved, public profile."""
    return ProfileFactory(
        user=freelancer,
        display_name="Marie Dupont",
        headline="Traductrice anglais-français",
        skills=["Traduction anglais-français", "Relecture et correction"],
    )


@pytest.fixture
def draft(other_user):
    return ProfileFactory(
        user=other_user, display_name="Paul Brouillon", state="draft", headline="Graphiste"
    )


@pytest.fixture
def moderator(small_site):
    group = ensure_moderator_groups() or Group.objects.get(name=MODERATORS_GROUP)
    user = UserFactory(username="moderatrice", email="moderatrice@example.org", is_staff=True)
    user.groups.add(group)
    return user
