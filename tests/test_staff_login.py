"""Staff sign-in: the Wagtail admin's login and password reset are rate limited like /compte/.

The rules are allauth's ``ACCOUNT_RATE_LIMITS`` (login_failed "10/m/ip,5/5m/key",
reset_password "10/m/ip,3/10m/key"); while a limit holds, the right password is refused.
"""

import pytest

from django.core import mail
from django.core.cache import cache

from portal.mail import run_queue

pytestmark = pytest.mark.django_db

STAFF = {"username": "editeur", "password": "cantal-dev"}  # the test site's superuser (DEV_EDITOR)
LOCKED = "Trop de tentatives de connexion échouées"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def login(client, username, password, ip="203.0.113.10"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_right_password_logs_staff_in_without_email_verification(client, small_site):
    # The test site's superuser has no allauth EmailAddress: Wagtail's sign-in still admits him.
    response = login(client, **STAFF)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_wrong_password_says_so_in_french(client, small_site):
    response = login(client, "editeur", "mauvais")
    assert response.status_code == 200 and not logged_in(client)
    assert LOCKED not in response.content.decode()


def test_an_account_is_locked_after_five_failures_even_from_other_addresses(client, small_site):
    for attempt in range(12):
        # A different address each time: only the per-account limit can stop this.
        login(client, "editeur", f"mauvais-{attempt}", ip=f"198.51.100.{attempt + 1}")
    response = login(client, **STAFF, ip="192.0.2.99")
    assert response.status_code == 200 and not logged_in(client)
    assert LOCKED in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to the login page
    # Another staff account is not affected.
    other = login(client, "redacteur", "cantal-dev", ip="192.0.2.99")
    assert other.status_code == 302 and logged_in(client)


def test_an_address_is_locked_after_ten_failures_on_any_accounts(client, small_site):
    for attempt in range(12):
        # A different (unknown) login each time: only the per-IP limit can stop this.
        login(client, f"devine-{attempt}", "mauvais", ip="203.0.113.66")
    response = login(client, **STAFF, ip="203.0.113.66")
    assert response.status_code == 200 and not logged_in(client)
    assert LOCKED in response.content.decode()
    # The same account from another address signs in.
    response = login(client, **STAFF, ip="203.0.113.67")
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_does_not_reset_the_failures(client, small_site):
    """An attacker who also knows one password cannot interleave it to keep guessing."""
    for attempt in range(4):
        login(client, "editeur", f"mauvais-{attempt}")
    assert login(client, **STAFF).status_code == 302
    client.logout()
    login(client, "editeur", "encore-mauvais")
    assert LOCKED in login(client, **STAFF).content.decode()


def reset(client, email, ip="203.0.113.10"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=ip)


def test_admin_password_reset_sends_at_most_three_emails_per_address(client, small_site):
    answers = [reset(client, "editeur@example.org", ip=f"198.51.100.{n}") for n in range(1, 7)]
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert all(a.status_code == 429 for a in answers[3:])
    assert "Trop de demandes" in answers[3].content.decode()  # templates/429.html, in French
    run_queue(force=True)
    assert len(mail.outbox) == 3
    assert all(m.to == ["editeur@example.org"] for m in mail.outbox)


def test_admin_password_reset_is_limited_per_address_of_the_client(client, small_site):
    answers = [reset(client, f"inconnu-{n}@example.org", ip="203.0.113.5") for n in range(12)]
    assert [a.status_code for a in answers[:10]] == [302] * 10
    assert answers[10].status_code == 429
    assert reset(client, "editeur@example.org", ip="203.0.113.5").status_code == 429
    run_queue(force=True)
    assert not mail.outbox
    assert reset(client, "editeur@example.org", ip="203.0.113.6").status_code == 302
    run_queue(force=True)
    assert len(mail.outbox) == 1


def test_the_admin_reset_and_the_public_reset_share_the_per_address_limit(client, small_site):
    for n in range(3):
        reset(client, "editeur@example.org", ip=f"198.51.100.{n + 1}")
    response = client.post(
        "/compte/password/reset/", {"email": "editeur@example.org"}, REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 429
    run_queue(force=True)
    assert len(mail.outbox) == 3


def test_there_is_no_django_admin(client, small_site):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
    robots = client.get("/robots.txt").content.decode()
    assert "django-admin" not in robots
