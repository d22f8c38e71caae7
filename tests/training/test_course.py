"""A course page: what it says, its sessions, sign-up links, edits on publish, the admin."""

import datetime
import json
import re

import pytest

from django.urls import reverse

from events.factories import RegistrationFactory, at
from home.models import TelecentrePage
from portal.mail import run_queue
from training.models import (
    LearningPathPage,
    TrainingCalendarPage,
    TrainingCoursePage,
    TrainingSession,
)

from .helpers import count_queries, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(make_course):
    return make_course(
        title="Créer son activité indépendante",
        introduction="De l’idée au premier client.",
        price=90,
        funding_notes="<p>Demandeurs d’emploi : prise en charge par France Travail.</p>",
        prerequisites="",
        trainer_name="Marc Delteil",
        sessions=[
            {
                "start": at(8, 9),
                "telecentre": TelecentrePage.objects.get(slug="aurillac"),
                "capacity": 2,
            },
            {"start": at(15, 9), "capacity": 10},
        ],
    )


def test_course_page_shows_programme_price_funding_and_sessions(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert "training/training_course_page.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count("<h1") == 1
    for text in [
        "Organiser son poste de travail",  # objectives
        "Aucun prérequis.",
        "Les outils",  # a programme module
        "90 € TTC",
        "prise en charge par France Travail",
        "Marc Delteil",
        "Oui, pour les personnes présentes",  # certificate
        "3 heures",
    ]:
        assert text in html, text
    sessions = section(html, "sessions-title")
    assert '<th scope="col">Places</th>' in sessions
    assert "Télécentre d’Aurillac" in sessions and "en ligne" in sessions
    assert "2 places restantes" in sessions and "10 places restantes" in sessions
    for slot in course.slots.all():
        assert f'id="{slot.anchor}"' in sessions and slot.anchor.startswith("session-")
    assert f'href="{course.url}ical/"' in html


def test_course_json_ld_lists_each_session_with_seats_left(client, course):
    RegistrationFactory(slot=course.slots.order_by("start").first())
    html = client.get(course.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Course" and data["offers"]["price"] == "90.00"
    first, second = data["hasCourseInstance"]
    assert first["courseMode"] == "onsite" and second["courseMode"] == "online"
    assert (first["maximumAttendeeCapacity"], first["remainingAttendeeCapacity"]) == (2, 1)


def test_session_link_preselects_that_session_in_the_form(client, course):
    later = course.slots.order_by("start").last()
    html = client.get(f"{course.url}?session={later.key}").content.decode()
    assert f'href="?session={later.key}#inscription"' in html
    assert re.search(rf'<option value="{later.pk}" selected>', html)


def test_full_session_offers_the_waiting_list_then_a_cancellation_frees_the_seat(
    client, course, django_capture_on_commit_callbacks, mailoutbox
):
    slot = course.slots.order_by("start").first()
    first = RegistrationFactory(slot=slot, email="a@example.org")
    RegistrationFactory(slot=slot, email="b@example.org")
    assert "Complet, liste d’attente ouverte" in client.get(course.url).content.decode()
    data = {"slot": slot.pk, "name": "Léa Fabre", "email": "lea@example.org", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(course.url, data, follow=True).content.decode()
    assert "liste d’attente, en position 1" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(first.get_absolute_url())
    assert slot.registrations.get(email="lea@example.org").status == "confirmed"
    run_queue()  # the `email` job
    assert mailoutbox[-1].to == ["lea@example.org"]
    assert mailoutbox[-1].subject.startswith("Une place s’est libérée")


def test_session_edits_on_publish_move_cancel_and_promote(
    course, django_capture_on_commit_callbacks, mailoutbox
):
    first_slot, second_slot = course.slots.order_by("start")
    for i in range(3):
        RegistrationFactory(slot=first_slot, email=f"p{i}@example.org")  # 2 seats: 1 waiting
    RegistrationFactory(slot=second_slot, email="seul@example.org")
    page = TrainingCoursePage.objects.get(pk=course.pk)
    first, _second = sorted(page.sessions.all(), key=lambda s: s.start)
    first.start += datetime.timedelta(hours=1)
    first.end += datetime.timedelta(hours=1)
    first.capacity = 5
    page.sessions = [first]  # the second session is removed
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    first_slot.refresh_from_db()
    second_slot.refresh_from_db()
    assert first_slot.sequence == 1 and first_slot.start == first.start and first_slot.capacity == 5
    assert first_slot.registrations.filter(status="confirmed").count() == 3  # promoted
    assert second_slot.cancelled and second_slot.sequence == 1
    run_queue()
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects["p2@example.org"].startswith("Une place s’est libérée")
    assert subjects["seul@example.org"] == f"Événement annulé : {course.title}"


def test_session_rules_are_checked(course):
    from django.core.exceptions import ValidationError

    session = TrainingSession(page=course, start=at(3, 14), end=at(3, 10))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "La fin doit suivre le début." in str(error.value)
    assert "Choisissez un télécentre ou cochez « en ligne »." in str(error.value)
    slot = course.slots.order_by("start").first()
    RegistrationFactory(slot=slot)
    RegistrationFactory(slot=slot)
    existing = course.sessions.get(key=slot.key)
    existing.capacity = 1
    with pytest.raises(ValidationError, match="2 personnes sont déjà confirmées"):
        existing.full_clean()


def test_page_types_declare_parents_and_children_both_ways():
    assert TrainingCalendarPage.allowed_subpage_models() == [TrainingCoursePage, LearningPathPage]
    assert TrainingCoursePage.allowed_parent_page_models() == [TrainingCalendarPage]
    assert LearningPathPage.allowed_parent_page_models() == [TrainingCalendarPage]
    assert TrainingCoursePage.allowed_subpage_models() == []
    for model in (TrainingCalendarPage, TrainingCoursePage, LearningPathPage):
        assert model.page_description


def test_editor_creates_a_course_with_a_session_in_the_admin(admin_client, calendar):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    url = reverse("wagtailadmin_pages:add", args=("training", "trainingcoursepage", calendar.pk))
    assert admin_client.get(url).status_code == 200
    centre = TelecentrePage.objects.get(slug="murat")

    def post(session):
        data = nested_form_data(
            {
                "title": "Sauvegarder ses données",
                "slug": "sauvegarder-ses-donnees",
                "introduction": "Ne plus rien perdre.",
                "theme": "outils-numeriques",
                "audience": "",
                "objectives": rich_text("<p>Mettre en place une sauvegarde.</p>"),
                "prerequisites": "",
                "programme": streamfield([]),
                "duration_hours": "3",
                "price": "",
                "funding_notes": rich_text(""),
                "trainer_name": "Julien Chassang",
                "trainer_bio": "",
                "certificate": "on",
                "accessibility_notes": "",
                "sessions": inline_formset([session]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        )
        return admin_client.post(url, data)

    start = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    bad = post({"start": f"{start} 14:00", "end": f"{start} 10:00", "capacity": "8"})
    assert bad.status_code == 200 and "La fin doit suivre le début." in bad.content.decode()
    assert not TrainingCoursePage.objects.filter(slug="sauvegarder-ses-donnees").exists()
    response = post(
        {
            "start": f"{start} 14:00",
            "end": f"{start} 17:00",
            "capacity": "8",
            "telecentre": centre.pk,
            "waitlist_enabled": "on",
        }
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = TrainingCoursePage.objects.get(slug="sauvegarder-ses-donnees")
    assert page.live and page.url == "/formations/sauvegarder-ses-donnees/"
    slot = page.slots.get()
    assert (slot.capacity, slot.telecentre, slot.category, slot.key) == (
        8,
        centre,
        "training",
        str(page.sessions.get().key),
    )


def test_course_page_query_count_does_not_grow_with_sessions(client, make_course):
    few = make_course(title="Peu de sessions", sessions=[{"start": at(10)}])
    centres = list(TelecentrePage.objects.all())
    many = make_course(
        title="Beaucoup de sessions",
        sessions=[{"start": at(10 + i), "telecentre": centres[i % len(centres)]} for i in range(9)],
    )
    for slot in many.slots.all()[:4]:
        RegistrationFactory(slot=slot)
    assert count_queries(client, many.url) == count_queries(client, few.url)


def test_next_session_and_the_stacked_sessions_table_come_before_the_form(client, make_course):
    """On a phone: the next session (date, place, seats), then the sessions, then the form;
    each row of the sessions table carries its labels so it can stack."""
    page = make_course(
        title="Le tableur pour gérer son activité",
        sessions=[
            {"start": at(5, 9), "telecentre": TelecentrePage.objects.get(slug="aurillac")},
            {"start": at(12, 9)},
        ],
    )
    html = client.get(page.url).content.decode()
    facts = html.index("data-key-facts")
    assert html.index("Aurillac", facts) < html.index('id="objectives-title"')
    sessions = section(html, "sessions-title")
    assert 'class="table table--stack training-sessions"' in sessions
    for label in ("Horaires", "Lieu", "Places"):
        assert sessions.count(f'data-label="{label}"') == 2
    assert html.index('id="sessions-title"') < html.index('<form method="post"')
    assert 'href="#inscription">S’inscrire</a>' in html
