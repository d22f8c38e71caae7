"""Base settings: safe on their own (DEBUG off, no default secret).

Everything that varies between machines is read from the environment; see the
configuration table in README.md.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.leaflet
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "home",
    "events",
    "training",
    "directory",
    "search.apps.SearchConfig",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    # Content translation: editors translate pages (docs/languages.md).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "csp",
    "mailer",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous visitors' pages from the cache (after CSRF, auth and messages: it needs them).
    "portal.page_cache.PageCacheMiddleware",
    # Wagtail's site and page route in two queries (after the page cache: hits skip it).
    "portal.routing.PageRouteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Inside the language and the page cache: what is cached is already spaced.
    "portal.middleware.FrenchTypographyMiddleware",
    # Last, so that its 400 page has the user, the messages and the language.
    "portal.middleware.RejectNullCharactersMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Every form field renders through one template, templates/forms/field.html.
FORM_RENDERER = "portal.forms.SiteFormRenderer"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site",
                "portal.page_cache.csrf_placeholder",
            ],
        },
    },
]

# Database: DATABASE_URL, SQLite by default. SQLite takes its write lock at the
# start of each transaction (IMMEDIATE) and waits for it instead of failing. Connections
# are kept between requests on every database: opening one to SQLite (its settings, the
# functions Django registers) costs about 3 ms of CPU, as much as a search's own work.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, English interface available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Profile photos (originals and renditions) live here, outside what the proxy serves;
# they are served by the directory, to those who may see the profile (directory/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "media_private"))
STORAGES = {
    "default": {"BACKEND": "directory.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: every email of the site is a row of the mail queue (portal/mail.py, django-mailer),
# written in the caller's transaction, sent right after it commits through
# MAILER_EMAIL_BACKEND and retried by `run_scheduled email`.
# SMTP: EMAIL_URL (smtp://user:pass@host:port, smtp+tls://...) or EMAIL_HOST/EMAIL_PORT.
EMAIL_BACKEND = "portal.mail.QueueBackend"
MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILER_USE_FILE_LOCK = False  # each row is locked in the database instead (several servers)
MAILER_ERROR_HANDLER = "portal.mail.defer_on_error"
# Days the log of sent emails (and failed attempts) is kept; `run_scheduled purge` deletes older.
MAIL_LOG_RETENTION_DAYS = int(os.environ.get("MAIL_LOG_RETENTION_DAYS", "90"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
if os.environ.get("EMAIL_URL"):
    from urllib.parse import unquote

    _email = urlsplit(os.environ["EMAIL_URL"])
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtps"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CyberCantal <noreply@cybercantal.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "CyberCantal Télécentres"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Pages exist per locale: French at the site root, English under /en/ (portal/i18n.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII URLs (home/slugs.py fixes older pages)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "xlsx"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search: the database backend by default; Elasticsearch when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "cybercantal_")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Pages on Elasticsearch are analysed in French (elision, folding, light stemming); the
# directory's own index is described in search/documents.py and docs/search.md.
ELASTICSEARCH_FRENCH_SETTINGS = {
    "settings": {
        "index": {"number_of_replicas": int(os.environ.get("ELASTICSEARCH_REPLICAS", "0"))},
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c"],
                },
                "french_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["french_elision", "lowercase", "asciifolding", "french_stemmer"],
                },
            },
        },
    }
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "INDEX_SETTINGS": ELASTICSEARCH_FRENCH_SETTINGS,
            "TIMEOUT": 5,
            "AUTO_UPDATE": True,
            "ATOMIC_REBUILD": True,
        },
        # Kept up to date too, so that /recherche/ answers when Elasticsearch does not.
        "fallback": {"BACKEND": "wagtail.search.backends.database"},
    }

# Maps: Leaflet with OpenStreetMap tiles (the URL is a setting so a tile server of
# one's own can replace it).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = "&copy; les contributeurs d’OpenStreetMap"


def url_origin(url):
    """The origin of an absolute URL, for a CSP source list ("{s}" subdomains become "*")."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The page cache (portal/page_cache.py); one process only here: production shares it.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# The page cache for anonymous visitors (portal/page_cache.py, docs/caching.md).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") == "1"
PAGE_CACHE_ALIAS = "pages"
# Seconds a stored page lives at most (what changes with time alone: "upcoming" lists).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Views whose anonymous 200 answers are stored: every Wagtail page, and these public views.
PAGE_CACHE_VIEWS = {
    "wagtail_serve",
    "site_map",
    "sitemap",
    "events:calendar",
    "search:directory",
    "directory:profile",
    "directory:contact",
    "search:site_search",
}
PAGE_CACHE_TIMEOUTS = {"search:site_search": 60}
PAGE_CACHE_SKIP_PREFIXES = ["/admin/", "/compte/", "/api/", "/documents/", "/i18n/"]
# Groups of models: a page whose SQL read one of their tables is cleared when one of their
# rows is saved or deleted. Every page depends on the page tree and site settings anyway.
PAGE_CACHE_GROUPS = {
    "seats": ["events.Slot", "events.Registration"],
    "directory": [
        "directory.Profile",
        "directory.ProfileSlug",
        "directory.Skill",
        "directory.SkillSynonym",
        "directory.TaggedSkill",
        "directory.Occupation",
        # the index queue deletes its rows once the search entries are written: pages
        # listing profiles are cleared then, not before
        "site_search.PendingIndexChange",
    ],
}
# More models whose saves clear every page (besides pages, settings, snippets, images,
# documents, collections, sites and view restrictions).
PAGE_CACHE_SITE_MODELS = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "search": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        # django-mailer logs each recipient and subject at INFO: not in the server's logs.
        "mailer": {"level": "WARNING"},
    },
}

# Accounts (django-allauth under /compte/): email login, verified email, rate limits, no
# enumeration of existing addresses.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/compte/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CyberCantal] "
ACCOUNT_RATE_LIMITS = {
    "login": "20/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/10m/ip",
    "reset_password": "10/m/ip,3/10m/key",
}
# The adapter takes the client's address from portal.client_ip; the sign-up form hashes the
# password for an address that already has an account too (no timing oracle).
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"portal.accounts.forms.{form}"
    for name, form in {
        "signup": "SignupForm",
        "login": "LoginForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
    }.items()
}
# Staff sign in on Wagtail's own pages, under the same allauth limits (portal/staff_login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.staff_login.StaffLoginForm"
# No staff email address is sent to a third-party avatar service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# How many reverse proxies stand in front of the application: the client's address is
# the N-th from the right of X-Forwarded-For (portal/client_ip.py). 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Directory: photo limits, contact relay limits and retention, freshness of profiles.
DIRECTORY_PHOTO_MAX_BYTES = 5 * 1024 * 1024
DIRECTORY_CONTACT_RATE_LIMITS = {"ip": (10, 3600), "email": (5, 3600)}
CONTACT_MESSAGE_RETENTION_DAYS = int(os.environ.get("CONTACT_MESSAGE_RETENTION_DAYS", "90"))
# The newcomers' welcome desk (home.welcome): questions per hour per client IP and per
# address; a thread is deleted this many days after its last message (the `purge` job).
WELCOME_QUESTION_RATE_LIMITS = {"ip": (5, 3600), "email": (3, 3600)}
# Sign-ups (each sends an email to the address typed): per client IP, per hour. Generous: a
# telecentre's whole room may sign up from one address for its own event.
SIGNUP_RATE_LIMITS = {"ip": (30, 3600)}
WELCOME_QUESTION_RETENTION_DAYS = int(os.environ.get("WELCOME_QUESTION_RETENTION_DAYS", "365"))
DIRECTORY_FRESHNESS_DAYS = 182
# Moderators are emailed once per submitted profile ("each"), or get one daily digest
# ("daily": directory.moderation.send_moderation_digest, run by the schedule).
DIRECTORY_MODERATION_NOTIFY = os.environ.get("DIRECTORY_MODERATION_NOTIFY", "each")
DIRECTORY_FRESHNESS_GRACE_DAYS = 30

# Events: registrants' personal data is anonymised this many days after the event
# (`manage.py purge_registrations`, run daily); reminders go this many hours before.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "90"))
REGISTRATION_REMINDER_HOURS = 48
# Milliseconds a sign-up waits for a date's lock (PostgreSQL lock_timeout) before answering
# "many requests at once, try again in a few seconds" (status 429) instead of hanging.
SLOT_LOCK_TIMEOUT_MS = int(os.environ.get("SLOT_LOCK_TIMEOUT_MS", "3000"))
# Seconds: a stuck SMTP server never hangs a request.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp). Public pages: scripts from the site only (no inline
# script; JSON-LD data blocks are not scripts), map tiles from MAP_TILE_URL's host, embeds
# (videos) in frames over HTTPS. Style attributes are allowed (Wagtail's responsive embeds
# use one), <style> elements are not. The Wagtail admin, previews included, needs inline
# scripts and styles: it has its own policy (portal.middleware).
_tile_origin = url_origin(MAP_TILE_URL)
_admin_origin = url_origin(WAGTAILADMIN_BASE_URL)  # the editors' userbar loads from there
_CSP_COMMON = {
    "default-src": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "connect-src": [SELF],
    "font-src": [SELF],
    "frame-src": [SELF, "https:"],
    "img-src": [SELF, "data:", *filter(None, [_tile_origin])],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [SELF, *filter(None, [_admin_origin])],
        "style-src": [SELF, *filter(None, [_admin_origin])],
        "style-src-attr": [UNSAFE_INLINE],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*_CSP_COMMON["img-src"], "blob:"],
    }
}
# Permissions-Policy (django-permissions-policy): no page asks for these.
PERMISSIONS_POLICY = {
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "hid": [],
    "microphone": [],
    "payment": [],
    "serial": [],
    "usb": [],
}
# The language choice (i18n/setlang) is not sent with cross-site requests; in production
# it travels over HTTPS only (portal/settings/production.py).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # no script reads it
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
