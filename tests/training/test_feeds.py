"""Sessions where people look for dates: the network feed, a course's .ics, home and centre pages."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events.factories import EventPageFactory, at
from events.vocabularies import Audience
from home.models import TelecentrePage

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def feed(client, query=""):
    response = client.get(f"/agenda/calendrier.ics{query}")
    assert (
        response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    )
    return {
        str(event["SUMMARY"]): event
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }


@pytest.fixture
def sessions(make_course):
    aurillac = TelecentrePage.objects.get(slug="aurillac")
    return {
        "independants": make_course(
            title="Créer son activité",
            audience=Audience.FREELANCERS,
            sessions=[
                {"start": datetime.datetime(2031, 2, 4, 9, tzinfo=PARIS), "telecentre": aurillac}
            ],
        ),
        "entreprises": make_course(
            title="Manager à distance",
            audience=Audience.BUSINESSES,
            sessions=[{"start": at(9)}],
        ),
        "tous": make_course(
            title="Sécuriser son ordinateur", sessions=[{"start": at(10)}, {"start": at(40)}]
        ),
    }


def test_network_feed_carries_sessions_with_paris_times_and_a_link_to_the_session(client, sessions):
    events = feed(client)
    session = events["Créer son activité"]
    assert session.decoded("DTSTART") == datetime.datetime(2031, 2, 4, 9, tzinfo=PARIS)
    assert session["DTSTART"].params["TZID"] == "Europe/Paris"
    slot = sessions["independants"].slots.get()
    assert str(session["URL"]) == f"http://testserver/formations/creer-son-activite/#{slot.anchor}"
    assert str(session["UID"]) == f"{slot.uid}@cybercantal.fr"
    assert "Formation" in session["CATEGORIES"].to_ical().decode()
    assert "Télécentre d’Aurillac" in str(session["LOCATION"])
    assert "visio.cybercantal.fr" not in str(
        events["Manager à distance"]["LOCATION"]
    )  # no private link


def test_network_feed_filters_apply_to_sessions(client, sessions):
    EventPageFactory(title="Apéro des indépendants", start=at(4))
    assert set(feed(client, "?telecentre=aurillac")) == {"Créer son activité"}
    assert set(feed(client, "?public=independants")) >= {
        "Créer son activité",
        "Sécuriser son ordinateur",
    }
    assert "Manager à distance" not in feed(client, "?public=independants")
    assert set(feed(client, "?type=training")) == {
        "Créer son activité",
        "Manager à distance",
        "Sécuriser son ordinateur",
    }
    assert "Apéro des indépendants" in feed(client)


def test_course_ics_has_one_event_per_session(client, sessions):
    course = sessions["tous"]
    response = client.get(course.url + "ical/")
    assert 'filename="securiser-son-ordinateur.ics"' in response["Content-Disposition"]
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 2 and len({str(event["UID"]) for event in events}) == 2
    assert [event.decoded("DTSTART").date() for event in events] == sorted(
        slot.start.astimezone(PARIS).date() for slot in course.slots.all()
    )


def test_sessions_appear_on_the_home_page_and_their_centre_page(client, make_course):
    murat = TelecentrePage.objects.get(slug="murat")
    make_course(
        title="Atelier réseaux sociaux à Murat", sessions=[{"start": at(1, 9), "telecentre": murat}]
    )
    make_course(title="Webinaire tableur", sessions=[{"start": at(1, 14)}])
    home = client.get("/").content.decode()
    assert "Atelier réseaux sociaux à Murat" in home and "Webinaire tableur" in home
    assert "Formation" in home
    centre = client.get("/telecentres/murat/").content.decode()
    assert "Atelier réseaux sociaux à Murat" in centre and "Webinaire tableur" not in centre
    assert "/formations/atelier-reseaux-sociaux-a-murat/#session-" in centre
