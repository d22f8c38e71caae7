"""The newcomers' hub (/venir-s-installer/) and its welcome desk."""

import datetime
import io
import re

import pytest
from mailer.models import Message

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from home.models import NewcomersPage, NewsPage, SiteSettings, StandardPage
from home.welcome import WelcomeQuestion, WelcomeReply

pytestmark = pytest.mark.django_db

QUESTION = {
    "name": "Anouk de Vries",
    "email": "anouk@example.nl",
    "commune": "Riom-ès-Montagnes (15400)",
    "question": "Nous pensons nous installer avec deux enfants : y a-t-il une école et la fibre ?",
    "consent": "on",
    "homepage": "",
}
URL = "/venir-s-installer/question/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(demo):
    settings = SiteSettings.load()
    settings.welcome_email = "accueil@cybercantal.fr"
    settings.save()
    return settings


def test_the_hub_has_its_topic_pages_a_commune_finder_testimonies_and_links(client, demo):
    hub = NewcomersPage.objects.get()
    assert hub.url == "/venir-s-installer/"
    topics = StandardPage.objects.child_of(hub).live()
    assert [t.slug for t in topics.order_by("path")] == [
        "travailler-ici",
        "creer-son-activite",
        "se-loger",
        "ecoles-et-garde-d-enfants",
        "sante",
        "se-deplacer",
        "aides-et-contacts",
    ]
    call_command("build_communes", "15162", "--no-progress", stdout=io.StringIO())
    html = client.get("/venir-s-installer/").content.decode()
    html = html.replace("\xa0", " ").replace("\u202f", " ")  # French typography
    assert html.count("<h1") == 1
    for topic in topics:
        assert f'href="{topic.url}"' in html
        assert client.get(topic.url).status_code == 200
    assert 'action="/communes/"' in html and 'name="q"' in html
    assert "Où voulez-vous vous installer ?" in html
    assert "Pieter et Anouk, arrivés des Pays-Bas" in html
    for href in ['href="/telecentres/"', 'href="/communes/"', 'href="/annuaire/"']:
        assert href in html
    assert f'href="{URL}"' in html
    # no phone number but the network's own in the demo pages
    phones = set()
    for page in [hub, *topics]:
        phones |= set(re.findall(r"0\d(?: \d\d){4}", str(page.specific.body)))
    assert phones <= {SiteSettings.load().phone}


def test_the_guide_news_item_links_to_the_guide(client, demo):
    news = NewsPage.objects.get(title__contains="le guide 2026 est paru")
    html = client.get(news.url).content.decode()
    assert 'href="/venir-s-installer/"' in html.split("<main", 1)[1]


def test_the_seed_is_idempotent_for_the_hub(demo):
    from home.demo import seed_pages

    before = StandardPage.objects.count(), NewcomersPage.objects.count()
    news = NewsPage.objects.get(title__contains="le guide 2026 est paru")
    revisions = news.revisions.count()
    seed_pages()
    assert (StandardPage.objects.count(), NewcomersPage.objects.count()) == before
    assert news.revisions.count() == revisions


def test_the_privacy_page_states_the_retention_period(client, demo, settings):
    html = client.get("/donnees-personnelles/").content.decode()
    assert "accueil des nouveaux arrivants" in html
    assert f"{settings.WELCOME_QUESTION_RETENTION_DAYS} jours après le dernier message" in html


def test_a_question_is_stored_and_mailed_to_the_desk(
    client, desk, django_capture_on_commit_callbacks
):
    page = client.get(URL)
    assert page.status_code == 200
    assert "Poser une question à l’accueil des nouveaux arrivants" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, QUESTION, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"] == "/venir-s-installer/"
    question = WelcomeQuestion.objects.get()
    assert question.commune.name == "Riom-ès-Montagnes"
    assert question.sender_ip == "203.0.113.9" and question.consent
    [sent] = mail.outbox
    assert sent.to == ["accueil@cybercantal.fr"]
    assert sent.reply_to == ["anouk@example.nl"]
    assert "Riom-ès-Montagnes" in sent.subject
    assert QUESTION["question"] in sent.body
    assert f"/admin/nouveaux-arrivants/reply/{question.pk}/" in sent.body
    followed = client.get("/venir-s-installer/").content.decode()
    assert "Votre question est bien envoyée" in followed


def test_invalid_questions_say_why(client, desk):
    response = client.post(URL, {**QUESTION, "consent": "", "question": "Trop court"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cochez cette case" in html and "trop courte" in html
    response = client.post(URL, {**QUESTION, "commune": "Paris"})
    assert response.status_code == 400
    assert "Nous ne trouvons pas cette commune du Cantal" in response.content.decode()
    assert not WelcomeQuestion.objects.exists() and not Message.objects.exists()


def test_the_honeypot_stores_and_sends_nothing(client, desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**QUESTION, "homepage": "https://spam.example"})
    assert response.status_code == 302  # the robot is told it worked
    assert not WelcomeQuestion.objects.exists()
    assert not mail.outbox and not Message.objects.exists()


def test_rate_limited_per_real_client(client, desk, settings, django_capture_on_commit_callbacks):
    settings.WELCOME_QUESTION_RATE_LIMITS = {"ip": (2, 3600), "email": (100, 3600)}
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                URL,
                {**QUESTION, "email": f"p{n}@example.org"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )
        assert response.status_code == 302
    response = client.post(
        URL, QUESTION, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    # another client behind the same proxy is not blocked
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, QUESTION, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4"
        )
    assert response.status_code == 302
    assert WelcomeQuestion.objects.count() == 3 and len(mail.outbox) == 3


def test_mailed_through_the_queue_with_smtp_down_then_up(
    client, desk, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.EMAIL_PORT = 1  # the mail server does not answer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, QUESTION)
    assert response.status_code == 302  # never a 5xx
    assert WelcomeQuestion.objects.count() == 1
    assert Message.objects.deferred().count() == 1
    assert not smtp_server.messages

    settings.EMAIL_PORT = smtp_server.port  # up again
    call_command("run_scheduled", "email", stdout=io.StringIO())
    [received] = smtp_server.wait_for(1)
    assert received["to"] == ["accueil@cybercantal.fr"]
    assert "Riom-ès-Montagnes" in received["message"]["Subject"]
    assert QUESTION["question"] in smtp_server.body(received["message"])
    assert not Message.objects.exists()
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert len(smtp_server.messages) == 1  # sent once


def test_staff_answer_from_the_admin_and_the_thread_stays(
    admin_client, desk, django_capture_on_commit_callbacks
):
    question = WelcomeQuestion.objects.create(
        name="Tom Baker", email="tom@example.co.uk", question=QUESTION["question"], consent=True
    )
    listing = admin_client.get("/admin/nouveaux-arrivants/")
    assert listing.status_code == 200 and "Tom Baker" in listing.content.decode()
    url = f"/admin/nouveaux-arrivants/reply/{question.pk}/"
    assert f'href="{url}"' in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"body": "Oui : l’école de Riom accueille les enfants dès trois ans."}
        )
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == ["tom@example.co.uk"]
    assert sent.reply_to == ["accueil@cybercantal.fr"]
    assert "l’école de Riom accueille les enfants" in sent.body
    assert QUESTION["question"] in sent.body  # the thread is quoted
    question.refresh_from_db()
    assert question.status == "answered"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"body": "Et la fibre arrive au printemps dans votre hameau."})
    thread = admin_client.get(url).content.decode()
    assert QUESTION["question"] in thread
    assert "l’école de Riom accueille les enfants" in thread
    assert "la fibre arrive au printemps" in thread
    assert WelcomeReply.objects.filter(question=question).count() == 2


def test_editors_without_the_right_cannot_read_questions(client, desk):
    from django.contrib.auth import get_user_model

    question = WelcomeQuestion.objects.create(
        name="Tom", email="tom@example.co.uk", question=QUESTION["question"], consent=True
    )
    user = get_user_model().objects.create_user("lecteur", "l@example.org", "x", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(f"/admin/nouveaux-arrivants/reply/{question.pk}/").status_code in (302, 403)


def test_threads_are_purged_after_the_retention_period(settings):
    settings.WELCOME_QUESTION_RETENTION_DAYS = 30
    now = timezone.now()
    old = WelcomeQuestion.objects.create(
        name="Ancien",
        email="a@example.org",
        question="x" * 30,
        last_activity_at=now - datetime.timedelta(days=31),
    )
    WelcomeReply.objects.create(question=old, body="Réponse ancienne")
    answered_lately = WelcomeQuestion.objects.create(
        name="Relancé",
        email="b@example.org",
        question="x" * 30,
        created_at=now - datetime.timedelta(days=60),
        last_activity_at=now - datetime.timedelta(days=5),
    )
    out = io.StringIO()
    call_command("run_scheduled", "purge", stdout=out)
    assert not WelcomeQuestion.objects.filter(pk=old.pk).exists()
    assert not WelcomeReply.objects.filter(question_id=old.pk).exists()
    assert WelcomeQuestion.objects.filter(pk=answered_lately.pk).exists()


def test_rgpd_export_and_erasure(client, desk):
    from directory.factories import UserFactory
    from portal.accounts.personal_data import erase_account, personal_data

    user = UserFactory(email="anouk@example.nl")
    mine = WelcomeQuestion.objects.create(
        name="Anouk", email="Anouk@Example.nl", question=QUESTION["question"], consent=True
    )
    WelcomeReply.objects.create(question=mine, body="Bienvenue !")
    other = WelcomeQuestion.objects.create(
        name="Autre", email="autre@example.org", question=QUESTION["question"], consent=True
    )
    data = personal_data(user)
    [exported] = data["welcome_questions"]
    assert exported["question"] == QUESTION["question"]
    assert exported["replies"][0]["body"] == "Bienvenue !"
    labels = erase_account(user)
    assert "1 question à l’accueil des nouveaux arrivants" in labels
    assert not WelcomeQuestion.objects.filter(pk=mine.pk).exists()
    assert WelcomeQuestion.objects.filter(pk=other.pk).exists()
