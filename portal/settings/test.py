"""Test settings: fast hashing, local memory cache and mailbox."""

import atexit
import shutil
import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The queue as in production (tests/conftest.py sets it again after Django's test setup, which
# forces locmem); queued emails are then sent to the local-memory mailbox (`mail.outbox`).
EMAIL_BACKEND = "portal.mail.QueueBackend"
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def _scratch(variable, prefix):
    """A folder for the test run's files, removed when the process ends (unless given)."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


MEDIA_ROOT = _scratch("TEST_MEDIA_ROOT", "cybercantal-media-")
PRIVATE_MEDIA_ROOT = _scratch("TEST_PRIVATE_MEDIA_ROOT", "cybercantal-private-")
WAGTAILADMIN_BASE_URL = "http://testserver"
MAP_TILE_URL = "/static/img/tile-blank.png"
LOGGING["root"]["level"] = "ERROR"
DEV_EDITOR = {"username": "editeur", "email": "editeur@example.org", "password": "cantal-dev"}

# The concurrency tests and the sign-up benchmark post hundreds of sign-ups from one address;
# tests/events/test_signup_views.py checks the limit with its own, small one.
SIGNUP_RATE_LIMITS = {"ip": (1_000_000, 3600)}
