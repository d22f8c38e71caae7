"""Security headers: a Content-Security-Policy without inline scripts on every public page,
the admin's own policy, a Permissions-Policy, and the language cookie's flags."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wagtail.models import Page

from directory.factories import ProfileFactory, UserFactory
from events.factories import EventPageFactory
from home.factories import NewsPageFactory
from home.models import NewsIndexPage
from training.factories import LearningPathPageFactory, TrainingCoursePageFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """Collects what a strict script-src would block: inline scripts and event handlers."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and "src" not in attrs:
            self._in_script = (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def public_urls():
    """One live page of every page type, then the site's own views."""
    EventPageFactory()
    NewsPageFactory(parent=NewsIndexPage.objects.get())
    course = TrainingCoursePageFactory()
    LearningPathPageFactory(courses=[course])
    urls = {}
    for page in Page.objects.live().public().specific().order_by("path"):
        if page.depth > 1:
            urls.setdefault(type(page).__name__, page.url)
    user = UserFactory(username="marie", email="marie.dupont@example.org")
    profile = ProfileFactory(user=user, display_name="Marie Dupont")
    urls.update(
        {
            "directory": "/annuaire/",
            "profile": profile.get_absolute_url(),
            "search": "/recherche/?q=cantal",
            "login": "/compte/login/",
            "signup": "/compte/signup/",
            "password reset": "/compte/password/reset/",
            "not found": "/pas-de-page-ici/",
        }
    )
    return urls


def test_every_public_page_has_a_csp_without_inline_scripts(client, small_site):
    urls = public_urls()
    expected_types = {
        "HomePage",
        "TelecentrePage",
        "NewsPage",
        "EventIndexPage",
        "EventPage",
        "TrainingCalendarPage",
        "TrainingCoursePage",
    }
    assert expected_types <= set(urls), urls
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url, response.status_code)
        csp = policy(response)
        assert csp["script-src"][0] == "'self'", (name, csp)
        assert "'unsafe-inline'" not in csp["script-src"], (name, csp)
        assert "'unsafe-eval'" not in csp["script-src"], (name, csp)
        assert "'unsafe-inline'" not in csp["style-src"], (name, csp)
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"], (name, csp)
        assert inline_code(response.content.decode()) == [], (name, url)


def test_the_map_tiles_host_is_allowed_for_images(client, small_site, settings):
    assert "https://tile.openstreetmap.org" in policy(client.get("/"))["img-src"]


def test_json_ld_stays_as_a_data_block(client, small_site):
    centre = Page.objects.get(slug="aurillac")
    html = client.get(centre.url).content.decode()
    assert '<script type="application/ld+json">' in html


def test_the_admin_has_its_own_documented_policy(client, small_site):
    """Wagtail's admin templates carry inline scripts and styles: /admin/ allows them."""
    client.login(username="editeur", password="cantal-dev")
    for url in [
        "/admin/login/",
        "/admin/",
        f"/admin/pages/{Page.objects.get(slug='aurillac').pk}/edit/",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        csp = policy(response)
        assert "'unsafe-inline'" in csp["script-src"], url
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]


def test_permissions_policy_denies_what_no_page_uses(client, small_site):
    for url in ["/", "/annuaire/", "/compte/login/", "/admin/login/"]:
        header = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in header, (url, header)


def test_language_cookie_is_samesite_lax(client, small_site):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and cookie["samesite"] == "Lax" and cookie["httponly"] is True
    assert not cookie["secure"]  # plain HTTP in development and tests


def test_language_cookie_is_secure_with_the_production_flag(client, small_site, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # what portal/settings/production.py sets
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["secure"] is True and cookie["samesite"] == "Lax"


def test_production_settings_set_the_language_cookie_flags():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE, s.TRUSTED_PROXY_COUNT)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="www.cybercantal.fr",
        TRUSTED_PROXY_COUNT="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["Lax", "True", "1"], result.stderr
