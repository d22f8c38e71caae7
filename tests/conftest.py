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
    """Seeds the demo pages once; each test then runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        _seed()


@pytest.fixture
def seeded(db):
    """The demo site as ``seed_demo`` builds it (no search index update).

    Seeded once per session; tests on a transactional database (live server,
    concurrency) find it flushed by an earlier one and seed it again.
    """
    from home.models import HomePage

    if not HomePage.objects.exists():
        _seed()
    return HomePage.objects.get()


@pytest.fixture
def home_page(seeded):
    return seeded


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; Django's SMTP backend sends to it."""
    from tests.smtp import RecordingSMTPServer

    server = RecordingSMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
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
