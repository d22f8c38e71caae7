"""Production rehearsal: the production settings behind one proxy, the mail server down then up.

Every flow that sends mail is walked over HTTP (CSRF enforced, HTTPS said by the proxy's
header, the client's address in X-Forwarded-For) while a real SMTP server (aiosmtpd) is not
listening: each answers without a 5xx and tells the truth. Real commits (a transactional
database), so each email is sent, or fails, right after its transaction as in production
(the sign-up's, by the `email` job that cron runs every minute).
Then the server comes up on the same port: ``run_scheduled email`` delivers every email
exactly once, and a second run delivers nothing more.
"""

import datetime
import importlib
import io
import re
import sys
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from mailer.models import Message, MessageLog

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from directory.factories import ProfileFactory, UserFactory
from directory.models import Profile
from directory.permissions import MODERATORS_GROUP, ensure_moderator_groups
from events.factories import EventIndexPageFactory, EventPageFactory, at
from events.models import RegistrationEmail
from tests.smtp import RecordingSMTPServer
from tests.text import french

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smtp]

HOST = "www.cybercantal.fr"
ORIGIN = f"https://{HOST}"
PROXY = "10.0.0.2"
VISITOR = "203.0.113.7"

# Settings of production.py that do not belong to this machine (or need a server the test
# suite does not set up): left as the test settings have them.
NOT_REHEARSED = {
    "DATABASES",
    "CACHES",
    "STORAGES",
    "LOGGING",
    "MEDIA_ROOT",
    "INSTALLED_APPS",
    "SECRET_KEY",
    "WAGTAILADMIN_BASE_URL",
}


def production_overrides(monkeypatch):
    """What ``portal.settings.production`` sets differently from the base settings."""
    monkeypatch.setenv("SECRET_KEY", "rehearsal-not-secret")
    monkeypatch.setenv("ALLOWED_HOSTS", HOST)
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", ORIGIN)
    monkeypatch.delenv("REDIS_URL", raising=False)
    names = ("portal.settings.base", "portal.settings.production")
    package = importlib.import_module("portal.settings")
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    try:  # fresh modules, read with this environment
        base = importlib.import_module(names[0])
        production = importlib.import_module(names[1])
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        for name, module in saved.items():
            setattr(package, name.rsplit(".", 1)[1], module)
    overrides = {}
    for name in dir(production):
        if not name.isupper() or name in NOT_REHEARSED or name.startswith("EMAIL"):
            continue
        value = getattr(production, name)
        if getattr(base, name, object()) != value:
            overrides[name] = value
    return overrides


@pytest.fixture
def production(settings, monkeypatch):
    for name, value in production_overrides(monkeypatch).items():
        setattr(settings, name, value)
    assert settings.DEBUG is False and settings.SECURE_SSL_REDIRECT is True
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = [ORIGIN]
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    return settings


@pytest.fixture
def smtp_down(production):
    """A real SMTP server, not started yet: its port is closed."""
    server = RecordingSMTPServer()
    production.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    production.EMAIL_HOST = "127.0.0.1"
    production.EMAIL_PORT = server.port
    production.EMAIL_USE_TLS = production.EMAIL_USE_SSL = False
    production.EMAIL_HOST_USER = production.EMAIL_HOST_PASSWORD = ""
    yield server
    if server.controller._thread is not None:
        server.stop()


class Browser:
    """A visitor behind the proxy: HTTPS said by X-Forwarded-Proto, CSRF checked."""

    def __init__(self):
        self.client = Client(
            enforce_csrf_checks=True,
            raise_request_exception=False,
            HTTP_HOST=HOST,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_FORWARDED_FOR=VISITOR,
            REMOTE_ADDR=PROXY,
        )

    def get(self, path):
        response = self.client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        return response

    def post(self, form_page, data, path=None):
        """Opens the page with the form (for its CSRF cookie), then submits the form."""
        page = self.get(form_page)
        assert page.status_code == 200, (form_page, page.status_code)
        token = self.client.cookies["csrftoken"].value
        response = self.client.post(
            path or form_page, {**data, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=ORIGIN
        )
        assert response.status_code < 500, (path or form_page, response.status_code)
        assert response.status_code != 403, "CSRF refused: the rehearsal is not walking the flow"
        return response

    def follow(self, response):
        assert response.status_code in (302, 303), response.status_code
        return self.get(response["Location"])


def queued():
    return Message.objects.count()


def test_every_flow_answers_while_smtp_is_down_and_each_email_arrives_once(
    smtp_down, small_site, transactional_db
):
    counts = [queued()]
    assert counts == [0]

    def queued_more():
        counts.append(queued())
        return counts[-1] > counts[-2]

    # An event sign-up: confirmed; its email is recorded for the `email` job, which writes it
    # to the queue (cron, within the minute) and fails to send it: it waits.
    event = EventPageFactory(
        parent=EventIndexPageFactory(),
        title="Atelier visioconférence",
        capacity=5,
        start=at(10, 14),
    )
    slot = event.slots.get()
    visitor = Browser()
    response = visitor.post(
        event.url,
        {
            "slot": str(slot.pk),
            "name": "Camille Fabre",
            "email": "camille.fabre@example.org",
            "organisation": "",
            "phone": "",
            "consent": "on",
        },
    )
    assert "Votre inscription est confirmée" in visitor.follow(response).content.decode()
    assert RegistrationEmail.objects.count() == 1 and not queued_more()
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert queued_more() and not RegistrationEmail.objects.exists()

    # The contact relay: recorded, and the visitor is told it will be sent.
    freelancer = UserFactory(username="marie", email="marie.dupont@example.org")
    ProfileFactory(user=freelancer, display_name="Marie Dupont", headline="Traductrice")
    business = Browser()
    response = business.post(
        "/annuaire/marie-dupont/",
        {
            "name": "Jeanne Martin",
            "organisation": "Fromagerie de Salers",
            "email": "jeanne@fromagerie.example.com",
            "message": "Bonjour, nous cherchons une traduction de notre site pour le printemps.",
            "consent": "on",
        },
        path="/annuaire/marie-dupont/contact/",
    )
    page = business.follow(response).content.decode()
    assert french("Votre message est enregistré ; il sera transmis à Marie Dupont") in page
    assert queued_more()

    # Account sign-up (allauth): the verification email waits.
    newcomer = Browser()
    response = newcomer.post(
        "/compte/signup/",
        {
            "email": "lea@example.org",
            "password1": "Cantal-2026-volcans",
            "password2": "Cantal-2026-volcans",
        },
    )
    assert response.status_code == 302
    assert queued_more()

    # Sign-up with an address that has an account: the same answer, its owner is written to.
    UserFactory(username="connu", email="connu@example.org")
    response = Browser().post(
        "/compte/signup/",
        {
            "email": "connu@example.org",
            "password1": "Cantal-2026-volcans",
            "password2": "Cantal-2026-volcans",
        },
    )
    assert response.status_code == 302
    assert queued_more()

    # Password reset (allauth).
    response = Browser().post("/compte/password/reset/", {"email": "connu@example.org"})
    assert response.status_code == 302
    assert queued_more()

    # Wagtail admin password reset.
    response = Browser().post("/admin/password_reset/", {"email": "editeur@example.org"})
    assert response.status_code == 302
    assert queued_more()

    # A freelancer submits a profile; a moderator approves it: published and emailed, whole.
    author = UserFactory(username="paul", email="paul.brouillon@example.org")
    assert EmailAddress.objects.filter(user=author, verified=True).exists()
    draft = ProfileFactory(user=author, display_name="Paul Brouillon", state="draft")
    freelancer_browser = Browser()
    freelancer_browser.client.force_login(author)
    response = freelancer_browser.post("/compte/", {}, path="/compte/profil/soumettre/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
    ensure_moderator_groups()
    moderator = UserFactory(username="moderatrice", email="moderatrice@example.org", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    staff = Browser()
    staff.client.force_login(moderator)
    review = f"/admin/annuaire/profils/review/{draft.pk}/"
    response = staff.post(review, {"action": "approve"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "approved"
    assert Browser().get("/annuaire/paul-brouillon/").status_code == 200
    assert queued_more()

    # Wagtail's moderation notification: an editor submits a page to the moderators.
    editor = get_user_model().objects.get(username="redacteur")
    home = Page.objects.get(depth=2).specific
    # A moderation workflow of this test's own on the home page (the small site's one is not
    # relied upon: the serialized copy that transactional tests restore loses its tasks).
    reviewers = Group.objects.get_or_create(name="Moderators")[0]
    UserFactory(username="relectrice", email="relectrice@example.org", is_staff=True).groups.add(
        reviewers
    )
    task = GroupApprovalTask.objects.create(name="Relecture (répétition)")
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Relecture (répétition)")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    home.save_revision(user=editor)
    workflow.start(home, editor)
    assert queued_more()

    # Freshness: the daily job asks an old profile's owner, whatever SMTP does.
    old = ProfileFactory(
        display_name="Ancienne Fiche", user=UserFactory(email="ancienne@example.org")
    )
    Profile.objects.filter(pk=old.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    out = io.StringIO()
    call_command("run_scheduled", "freshness", stdout=out)
    assert "1 relance(s) envoyée(s)" in out.getvalue()
    assert queued_more()

    # Nothing reached anyone; everything waits, failed, for a retry.
    total = queued()
    assert total == Message.objects.deferred().count()
    assert not smtp_down.messages
    assert MessageLog.objects.filter(result="3").exists()  # the failures are logged
    expected = Counter(address for row in Message.objects.all() for address in row.to_addresses)
    for address in [
        "camille.fabre@example.org",
        "marie.dupont@example.org",
        "lea@example.org",
        "connu@example.org",
        "editeur@example.org",
        "paul.brouillon@example.org",
        "moderateur@example.org",
        "ancienne@example.org",
    ]:
        assert address in expected, address

    # The mail server answers again: one run delivers each email once.
    smtp_down.start()
    call_command("run_scheduled", "email", stdout=io.StringIO())
    smtp_down.wait_for(total)
    call_command("run_scheduled", "email", stdout=io.StringIO())
    messages = smtp_down.messages
    assert len(messages) == total
    assert Counter(address for item in messages for address in item["to"]) == expected
    ids = [item["message"]["Message-ID"] for item in messages]
    assert len(set(ids)) == total  # no email twice
    assert not Message.objects.exists()
    assert MessageLog.objects.filter(result="1").count() == total

    relayed = next(item for item in messages if item["to"] == ["marie.dupont@example.org"])
    assert "traduction de notre site" in RecordingSMTPServer.body(relayed["message"])
    assert relayed["message"]["Reply-To"] == "jeanne@fromagerie.example.com"
    confirmation = next(item for item in messages if item["to"] == ["camille.fabre@example.org"])
    assert str(confirmation["message"]["Subject"]).strip().startswith("Inscription confirmée")
    verification = next(item for item in messages if item["to"] == ["lea@example.org"])
    assert re.search(
        r"/compte/confirm-email/\S+", RecordingSMTPServer.body(verification["message"])
    )
