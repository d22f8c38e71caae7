"""Fixtures shared by every suite: the page tree, a real SMTP server, service checks."""

import os

import pytest

from django.db import connection

from wagtail import hooks

from tests.services import required, unavailable


def _seed():
    from home.demo import seed_accounts, seed_pages

    seed_pages()
    seed_accounts()
    for seeder in hooks.get_hooks("cybercantal_seed_test"):
        seeder()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seeds the demo site once; each test then runs in a transaction rolled back after it.

    Tests on a transactional database (live server, concurrency) flush the tables when
    they end; the seeded state is serialised here so that each of them starts from it
    again (Django's serialized rollback) instead of seeding anew.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        _seed()
        for alias in connections:
            conn = connections[alias]
            conn._test_serialized_contents = conn.creation.serialize_db_to_string()


def pytest_collection_modifyitems(items):
    """Every transactional test restores the seeded database (see django_db_setup)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("transactional_db", "live_server")
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture
def seeded(db):
    """The demo site as ``seed_demo`` builds it (no search index update).

    Seeded once per session and restored for transactional tests; seeded again only
    if a test emptied the database some other way.
    """
    from home.models import HomePage

    if not HomePage.objects.exists():
        _seed()
    return HomePage.objects.get()


@pytest.fixture
def home_page(seeded):
    return seeded


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no stored page (the page cache outlives a test's rollback)."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def mail_queue(settings):
    """Every email goes through the site's mail queue (portal.mail), as in production.

    Django's test setup forces the local-memory backend as EMAIL_BACKEND; the queue goes back
    in front of it: emails become queue rows, sent to ``mail.outbox`` once the transaction
    commits (``django_capture_on_commit_callbacks(execute=True)`` in tests) or by the
    ``email`` job.
    """
    settings.EMAIL_BACKEND = "portal.mail.QueueBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; the mail queue sends to it through
    Django's SMTP backend."""
    from tests.smtp import RecordingSMTPServer

    server = RecordingSMTPServer()
    server.start()
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def postgres_only(db):
    if not is_postgres():
        if required("POSTGRES") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
            pytest.fail("DATABASE_URL is PostgreSQL but the connection is not", pytrace=False)
        pytest.skip("runs in the PostgreSQL pass of `make test` (DATABASE_URL=postgres://...)")


__all__ = ["unavailable"]
