"""Test settings: fast hashing, local memory cache and mailbox."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The queue as in production (tests/conftest.py sets it again after Django's test setup, which
# forces locmem); queued emails are then sent to the local-memory mailbox (`mail.outbox`).
EMAIL_BACKEND = "portal.mail.QueueBackend"
MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = Path(
    os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="cybercantal-media-")
)
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("TEST_PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(prefix="cybercantal-private-")
)
WAGTAILADMIN_BASE_URL = "http://testserver"
MAP_TILE_URL = "/static/img/tile-blank.png"
LOGGING["root"]["level"] = "ERROR"
DEV_EDITOR = {"username": "editeur", "email": "editeur@example.org", "password": "cantal-dev"}
