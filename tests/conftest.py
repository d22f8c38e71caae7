"""Fixtures shared by every suite: the small site, a real SMTP server, service checks."""

import os

import pytest

from django.db import connection, transaction

from tests.services import required, unavailable
from tests.site import build_demo
from tests.snapshots import built


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server")
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Builds the small site (``tests/site.py``) once; each test then runs in a transaction
    rolled back after it."""
    from tests.site import build_site

    with django_db_blocker.unblock():
        build_site()


@pytest.fixture
def small_site(db):
    """The small site built by the factories (``tests/site.py``); returns its home page.

    A test on a transactional database (live server, concurrency) empties the tables when it
    ends; pytest-django runs those tests after the others, and each of them builds the small
    site again here (``_site_after_flush``).
    """
    from home.models import HomePage
    from tests.site import build_site

    return HomePage.objects.first() or built("small_site", build_site)


@pytest.fixture(autouse=True)
def _site_after_flush(request):
    """Every transactional test starts with the small site, whoever ran before it."""
    if _transactional(request.node):
        request.getfixturevalue("small_site")


@pytest.fixture
def home_page(small_site):
    return small_site


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo's pages built once for a test module, inside a transaction that stays open
    while its tests run (each of them in a savepoint rolled back after it, as usual) and
    rolled back after the module's last test: the small site is back for the next module.

    Only for tests on the ordinary (non-transactional) database; ``live_demo`` is the
    transactional tests'.
    """
    from django.core.cache import caches

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_demo()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    caches["default"].clear()  # what Wagtail cached of the demo's site (its root paths)


@pytest.fixture
def demo(demo_module, db):
    """The demo's pages as ``seed_demo`` writes them (centres with their bodies and images,
    news, standard pages, the newcomers' hub, the join page…) in place of the small site's,
    for the tests of the demo content itself: built once per module (``demo_module``),
    each test's changes rolled back after it."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def live_demo(small_site):
    """The demo's pages for a transactional test (a live server and a browser): written
    for the test, emptied with the rest of the database after it."""
    return built("demo", build_demo)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(change)``: runs ``change()`` and the work its commit triggers (the
    search's entries, the index queue, the page cache's groups); returns its value."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


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
