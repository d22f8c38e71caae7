"""The client's address behind the proxy: one helper for every limit and for what is stored.

With ``TRUSTED_PROXY_COUNT=1`` (the README's deploy recipe) every request reaches the
application from the proxy (one ``REMOTE_ADDR``), the client being the last entry of
``X-Forwarded-For``: two clients get two buckets, and a flood locks only its sender.
"""

import pytest
from allauth.account.adapter import get_adapter

from django.core.cache import cache
from django.test import RequestFactory

from directory.factories import ProfileFactory, UserFactory
from directory.models import ContactMessage
from portal.client_ip import client_ip

PROXY = "127.0.0.1"
ALICE = "198.51.100.23"
BOB = "203.0.113.42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def request(remote="10.0.0.1", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


def test_without_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("192.0.2.1", xff="198.51.100.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the forged left part is ignored
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.5", "198.51.100.9"),
        (2, "198.51.100.9", "10.0.0.1"),  # fewer entries than proxies: REMOTE_ADDR
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "198.51.100.9, <script>", "10.0.0.1"),
        (1, "198.51.100.9:4711", "198.51.100.9"),
        (1, " 2001:DB8::1 ", "2001:db8::1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_with_proxies_the_client_is_the_nth_entry_from_the_right(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(xff=xff)) == expected


def test_no_forwarded_header_behind_the_proxy_falls_back_to_remote_addr(behind_proxy):
    assert client_ip(request("10.0.0.1")) == "10.0.0.1"


def test_allauth_takes_the_address_from_the_same_helper(behind_proxy):
    assert get_adapter().get_client_ip(request(PROXY, xff=f"6.6.6.6, {ALICE}")) == ALICE


# ---------------------------------------------------------------------------
# allauth's login limit behind the proxy


@pytest.mark.django_db
def test_login_flood_from_one_client_locks_only_that_client(client, small_site, behind_proxy):
    UserFactory(username="bob", email="bob@example.org")

    def login(ip, email, password):
        return client.post(
            "/compte/login/",
            {"login": email, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ip,
        )

    for n in range(12):  # distinct accounts: only the per-IP limit applies
        login(ALICE, f"inconnu-{n}@example.org", "mauvais")
    assert (
        "Trop de tentatives" in login(ALICE, "bob@example.org", "cantal-dev-2026").content.decode()
    )
    # Rotating a forged entry to the left of the proxy's does not give Alice a new bucket.
    forged = login(f"6.6.6.6, {ALICE}", "bob@example.org", "cantal-dev-2026")
    assert "Trop de tentatives" in forged.content.decode()

    response = login(BOB, "bob@example.org", "cantal-dev-2026")
    assert response.status_code == 302 and response["Location"] == "/compte/"


@pytest.mark.django_db
def test_staff_login_flood_from_one_client_locks_only_that_client(client, small_site, behind_proxy):
    def login(ip, username, password):
        return client.post(
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ip,
        )

    for n in range(12):
        login(ALICE, f"devine-{n}", "mauvais")
    assert login(ALICE, "editeur", "cantal-dev").status_code == 200
    assert login(BOB, "editeur", "cantal-dev").status_code == 302


# ---------------------------------------------------------------------------
# The contact relay behind the proxy

MESSAGE = {
    "name": "Jeanne Martin",
    "organisation": "Fromagerie de Salers",
    "message": "Bonjour, nous cherchons une traduction de notre site en anglais pour le printemps.",
    "consent": "on",
}


@pytest.fixture
def profile(small_site):
    user = UserFactory(username="marie", email="marie.dupont@example.org")
    return ProfileFactory(user=user, display_name="Marie Dupont")


def contact(client, profile, ip, email):
    return client.post(
        f"/annuaire/{profile.slug}/contact/",
        {**MESSAGE, "email": email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ip,
    )


@pytest.mark.django_db
def test_contact_flood_from_one_client_closes_the_relay_only_for_it(client, profile, behind_proxy):
    # Ten an hour per IP (DIRECTORY_CONTACT_RATE_LIMITS); distinct senders, so only the IP counts.
    answers = [contact(client, profile, ALICE, f"a{n}@example.com") for n in range(11)]
    assert [a.status_code for a in answers[:10]] == [302] * 10
    assert answers[10].status_code == 429

    assert contact(client, profile, BOB, "bob@example.com").status_code == 302
    assert ContactMessage.objects.filter(sender_email="bob@example.com").get().sender_ip == BOB


@pytest.mark.django_db
def test_contact_message_stores_the_client_address_not_the_proxys(client, profile, behind_proxy):
    contact(client, profile, f"6.6.6.6, {ALICE}", "jeanne@fromagerie.example.com")
    assert ContactMessage.objects.get().sender_ip == ALICE
