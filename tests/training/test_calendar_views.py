"""The training calendar: list and month views, filters, empty states, local times, query counts."""

import datetime

import pytest

from django.utils import timezone

from events.factories import at
from events.vocabularies import Audience
from home.models import TelecentrePage
from tests.text import french
from training.models import Theme

from .helpers import count_queries, day_cell, section

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def paris(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def courses(make_course):
    """Four courses for four audiences, at centres and online, free and paid."""
    aurillac = TelecentrePage.objects.get(slug="aurillac")
    murat = TelecentrePage.objects.get(slug="murat")
    return {
        "tableur": make_course(
            title="Le tableur pour télétravailleurs",
            audience=Audience.TELEWORKERS,
            theme=Theme.DIGITAL_TOOLS,
            sessions=[{"start": at(5, 9), "telecentre": aurillac}],
        ),
        "creer": make_course(
            title="Créer son activité",
            audience=Audience.FREELANCERS,
            theme=Theme.FREELANCING,
            price=90,
            sessions=[{"start": at(6, 9)}],
        ),
        "tarifs": make_course(
            title="Fixer ses tarifs",
            audience=Audience.EVERYONE,
            theme=Theme.FREELANCING,
            sessions=[{"start": at(7, 14), "telecentre": murat}],
        ),
        "manager": make_course(
            title="Manager à distance",
            audience=Audience.BUSINESSES,
            theme=Theme.REMOTE_MANAGEMENT,
            price=350,
            sessions=[{"start": at(8, 9), "telecentre": aurillac}],
        ),
    }


def listed(client, query=""):
    html = client.get(f"/formations/?{query}").content.decode()
    sessions = section(html, "sessions-title")
    if "ne correspond à ces filtres" in sessions:
        return set()  # what follows is the next dates, unfiltered
    names = [
        "Le tableur pour télétravailleurs",
        "Créer son activité",
        "Fixer ses tarifs",
        "Manager à distance",
    ]
    return {name for name in names if f">{name}</a>" in sessions}


def test_calendar_lists_upcoming_sessions_with_what_people_need_to_choose(client, courses):
    response = client.get("/formations/")
    assert response.status_code == 200
    assert "training/training_calendar_page.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count("<h1") == 1
    sessions = section(html, "sessions-title")
    assert (
        sessions.index("Le tableur")
        < sessions.index("Créer son activité")
        < sessions.index("Manager")
    )
    assert "90 € TTC" in sessions and "Gratuit" in sessions
    assert "Indépendants et créateurs" in sessions  # the audience, labelled as in the agenda
    assert "Télécentre de Murat" in sessions and "En ligne" in sessions
    assert "12 places restantes" in sessions
    for label in ["Public", "Thème", "Lieu", "Format", "Tarif"]:
        assert f">{label}</label>" in html  # every filter has its label
    catalogue = section(html, "catalogue-title")
    assert '<th scope="col">Prochaine session</th>' in catalogue


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "",
            {
                "Le tableur pour télétravailleurs",
                "Créer son activité",
                "Fixer ses tarifs",
                "Manager à distance",
            },
        ),
        # a job seeker sees what is for them and what is for everyone
        ("public=independants", {"Créer son activité", "Fixer ses tarifs"}),
        ("public=independants&theme=creation-activite&tarif=gratuit", {"Fixer ses tarifs"}),
        ("public=independants&mode=online", {"Créer son activité"}),
        ("public=independants&mode=onsite", {"Fixer ses tarifs"}),
        ("telecentre=aurillac", {"Le tableur pour télétravailleurs", "Manager à distance"}),
        ("telecentre=aurillac&tarif=payant", {"Manager à distance"}),
        ("tarif=payant&mode=online", {"Créer son activité"}),
        ("public=tout-public", {"Fixer ses tarifs"}),
        ("public=entreprises&theme=outils-numeriques", set()),
    ],
)
def test_filters_combine(client, courses, query, expected):
    assert listed(client, query) == expected


def test_empty_filtered_list_points_to_the_next_dates(client, courses):
    html = client.get("/formations/?theme=gestion-droit").content.decode()
    sessions = section(html, "sessions-title")
    assert "Aucune session à venir ne correspond à ces filtres." in sessions
    assert "Les prochaines dates, toutes formations confondues" in sessions
    assert sessions.index("Le tableur") < sessions.index("Créer son activité")
    assert "Effacer les filtres" in sessions


def test_calendar_without_any_session_says_so(client, calendar):
    html = client.get("/formations/").content.decode()
    assert "Aucune session n’est programmée pour le moment." in html


def test_filters_are_kept_when_switching_to_the_month_view(client, courses):
    response = client.get("/formations/mois/?public=independants")
    today = timezone.localdate()
    assert response.status_code == 302
    assert (
        response["Location"] == f"/formations/mois/{today.year}/{today.month}/?public=independants"
    )
    html = client.get(response["Location"]).content.decode()
    assert 'href="/formations/?public=independants"' in html


@pytest.fixture
def night_sessions(make_course):
    return make_course(
        title="Veillée numérique",
        sessions=[
            # 31 January, 22:00 to 1:00: spans midnight and the month's end
            {"start": paris(2031, 1, 31, 22), "end": paris(2031, 2, 1, 1)},
            # 1 March 00:30 Paris is still 28 February in UTC
            {"start": paris(2031, 3, 1, 0, 30), "end": paris(2031, 3, 1, 2, 30)},
            # ends exactly at midnight: does not spill over
            {"start": paris(2031, 4, 30, 21), "end": paris(2031, 5, 1, 0)},
        ],
    )


def test_month_boundaries_and_sessions_spanning_midnight(client, calendar, night_sessions):
    january = client.get("/formations/mois/2031/1/").content.decode()
    assert january.count("<h1") == 1 and "Formations de janvier 2031" in january
    assert '<th scope="col"><abbr title="lundi">lun.</abbr></th>' in january
    assert f"22{NBSP}h Veillée numérique" in day_cell(january, datetime.date(2031, 1, 31))
    assert "Veillée" not in day_cell(january, datetime.date(2031, 2, 1))  # outside the month
    listing = section(january, "month-list-title")
    assert listing.count("Veillée numérique") == 1
    assert f"de 22{NBSP}h à 1{NBSP}h le lendemain" in listing

    february = client.get("/formations/mois/2031/2/").content.decode()
    assert "(suite) Veillée numérique" in day_cell(february, datetime.date(2031, 2, 1))
    february_list = section(february, "month-list-title")
    assert "Aucune session ce mois-ci." in february_list  # the night session started in January
    assert (
        'href="/formations/mois/2031/3/"' in february_list
    )  # the next one is on 1 March, Paris time
    assert "Veillée" not in day_cell(february, datetime.date(2031, 3, 1))

    march = client.get("/formations/mois/2031/3/").content.decode()
    assert f"0{NBSP}h{NBSP}30 Veillée numérique" in day_cell(march, datetime.date(2031, 3, 1))
    assert "Veillée" not in day_cell(march, datetime.date(2031, 2, 28))

    april = client.get("/formations/mois/2031/4/").content.decode()
    assert f"de 21{NBSP}h à minuit" in section(april, "month-list-title")
    may = client.get("/formations/mois/2031/5/").content.decode()
    assert "Veillée" not in day_cell(may, datetime.date(2031, 5, 1))


def test_daylight_saving_changes_keep_local_times(client, make_course):
    """Last Sundays of March and October 2031: 10:00 stays 10:00 on the page and in the .ics."""
    course = make_course(
        title="Atelier du dimanche",
        sessions=[
            {"start": paris(2031, 3, 30, 10), "end": paris(2031, 3, 30, 12)},
            {"start": paris(2031, 10, 26, 10), "end": paris(2031, 10, 26, 12)},
            # 1:30 to 3:30 on the night clocks go forward: one real hour
            {"start": paris(2031, 3, 30, 1, 30), "end": paris(2031, 3, 30, 3, 30)},
        ],
    )
    march = client.get("/formations/mois/2031/3/").content.decode()
    cell = day_cell(march, datetime.date(2031, 3, 30))
    assert f"1{NBSP}h{NBSP}30 Atelier" in cell and f"10{NBSP}h Atelier" in cell
    october = client.get("/formations/mois/2031/10/").content.decode()
    assert f"10{NBSP}h Atelier" in day_cell(october, datetime.date(2031, 10, 26))
    page = client.get(course.url).content.decode()
    # in the sessions table, then in the session picker of the sign-up form
    assert section(page, "sessions-title").count(f"de 10{NBSP}h à 12{NBSP}h") == 2
    assert page.count(f"de 10{NBSP}h à 12{NBSP}h — en ligne") == 2
    assert f"de 1{NBSP}h{NBSP}30 à 3{NBSP}h{NBSP}30" in page
    night = course.slots.get(start=paris(2031, 3, 30, 1, 30))
    assert night.end - night.start == datetime.timedelta(hours=1)

    import icalendar

    feed = icalendar.Calendar.from_ical(client.get(course.url + "ical/").content)
    starts = sorted(event.decoded("DTSTART") for event in feed.walk("VEVENT"))
    assert [(s.hour, s.minute, s.utcoffset()) for s in starts] == [
        (1, 30, datetime.timedelta(hours=1)),
        (10, 0, datetime.timedelta(hours=2)),
        (10, 0, datetime.timedelta(hours=1)),
    ]


def test_empty_month_points_to_the_next_session(client, make_course):
    make_course(title="Rentrée numérique", sessions=[{"start": paris(2031, 9, 8, 9)}])
    html = client.get("/formations/mois/2031/7/").content.decode()
    assert "Aucune session ce mois-ci." in html
    assert french("Prochaine session :") in html and "Rentrée numérique" in html
    assert 'href="/formations/mois/2031/9/"' in html
    assert client.get("/formations/mois/2031/13/").status_code == 404


def test_month_view_filters_combine(client, make_course):
    make_course(
        title="En ligne pour indépendants",
        audience=Audience.FREELANCERS,
        sessions=[{"start": paris(2031, 6, 10, 9)}],
    )
    make_course(
        title="À Murat pour les entreprises",
        audience=Audience.BUSINESSES,
        sessions=[
            {"start": paris(2031, 6, 11, 9), "telecentre": TelecentrePage.objects.get(slug="murat")}
        ],
    )
    html = client.get("/formations/mois/2031/6/?public=entreprises&mode=onsite").content.decode()
    assert "À Murat pour les entreprises" in html and "En ligne pour indépendants" not in html
    html = client.get("/formations/mois/2031/6/?public=entreprises&mode=online").content.decode()
    assert "Aucune session ce mois-ci avec ces filtres." in html


def test_calendar_query_count_does_not_grow_with_sessions(client, make_course):
    for i in range(2):
        make_course(title=f"Formation {i}", sessions=[{"start": paris(2031, 6, 3 + i, 9)}])
    urls = [
        "/formations/",
        "/formations/mois/2031/6/",
        "/formations/?public=independants&tarif=gratuit",
    ]
    few = [count_queries(client, url) for url in urls]
    centres = list(TelecentrePage.objects.all())
    for i in range(10):
        make_course(
            title=f"Autre formation {i}",
            sessions=[
                {"start": paris(2031, 6, 10 + i, 9), "telecentre": centres[i % len(centres)]},
                {"start": paris(2031, 6, 10 + i, 14)},
            ],
        )
    many = [count_queries(client, url) for url in urls]
    assert many == few
