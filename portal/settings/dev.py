"""Development settings: debug on, a throwaway secret, queued emails printed to the console."""

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-9f2c1e")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Emails go through the queue as in production, then to the console (or SMTP if configured).
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"):
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# The dev editor account created by seed_demo (never with other settings).
DEV_EDITOR = {"username": "editeur", "email": "editeur@example.org", "password": "cantal-dev"}
