"""Sign-up does the same work whether or not the address already has an account.

Only a new account used to hash the password, so the answer's delay (hundreds of
milliseconds with the default hasher) told whether an address was registered, although
both answers read alike. The password hasher is now called on both paths; it is counted
here by a real hasher registered in PASSWORD_HASHERS (no timing in the test suite).
"""

import pytest

from django.contrib.auth import get_user_model

from directory.factories import UserFactory
from tests.hashers import CountingMD5PasswordHasher

pytestmark = pytest.mark.django_db

PASSWORD = "Cantal-2026-volcans"


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingMD5PasswordHasher"]
    CountingMD5PasswordHasher.encoded = 0
    return CountingMD5PasswordHasher


def sign_up(client, email):
    return client.post(
        "/compte/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_the_password_is_hashed_for_a_new_and_for_a_known_address(
    client, small_site, counting_hasher
):
    UserFactory(username="deja", email="deja@example.org")

    counting_hasher.encoded = 0
    new = sign_up(client, "nouvelle@example.org")
    hashed_for_new = counting_hasher.encoded
    client.logout()

    counting_hasher.encoded = 0
    known = sign_up(client, "deja@example.org")
    hashed_for_known = counting_hasher.encoded

    assert hashed_for_new >= 1
    assert hashed_for_known == hashed_for_new
    # Both answer alike, and the known address got no second account.
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    assert get_user_model().objects.filter(email__iexact="deja@example.org").count() == 1
