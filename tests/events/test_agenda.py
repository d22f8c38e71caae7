"""The agenda lists events and training sessions together, folds event series, and offers
calendar subscriptions (``webcal:``) for what it shows."""

import datetime

import pytest

from django.utils import timezone

from events.factories import EventPageFactory, RegistrationFactory, at
from events.forms import RegistrationForm
from events.models import Category, EventIndexPage
from home.models import TelecentrePage
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory

from .test_pages import _count

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def course(small_site):
    return TrainingCoursePageFactory(
        parent=TrainingCalendarPageFactory(),
        title="Le tableur pour gérer son activité",
        sessions=[
            {"start": at(3, 9), "telecentre": TelecentrePage.objects.get(slug="aurillac")},
            {"start": at(9, 9)},
        ],
    )


@pytest.fixture
def series(make_event):
    """« Café-coworking du premier mardi »: six monthly dates."""
    today = timezone.localdate()
    month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_tuesday = month + datetime.timedelta(days=(1 - month.weekday()) % 7)
    start = timezone.make_aware(datetime.datetime.combine(first_tuesday, datetime.time(9, 30)))
    return make_event(
        title="Café-coworking du premier mardi",
        start=start,
        end=start + datetime.timedelta(hours=2),
        repeat="monthly",
        repeat_until=first_tuesday + datetime.timedelta(days=160),
        telecentre=TelecentrePage.objects.get(slug="riom-es-montagnes"),
        capacity=15,
    )


def results(html):
    start = html.index('aria-labelledby="results-title"')
    return html[start : html.index('id="feeds-title"', start)]


def test_agenda_lists_events_and_training_sessions_together_in_date_order(
    client, make_event, course
):
    make_event(title="Apéro des indépendants", start=at(5, 18))
    html = results(client.get("/agenda/").content.decode())
    assert html.count("Le tableur pour gérer son activité") == 2  # both sessions
    first_session = html.index("Le tableur pour gérer son activité")
    assert first_session < html.index("Apéro des indépendants")
    assert html.index("Apéro des indépendants") < html.rindex("Le tableur pour gérer son activité")
    assert "Formation · Télécentre d’Aurillac" in html
    session = course.slots.order_by("start").first()
    assert f'href="{course.url}#{session.anchor}"' in html


@pytest.mark.parametrize(
    "kind, shown, hidden",
    [
        ("", {"Apéro des indépendants", "Le tableur"}, set()),
        ("events", {"Apéro des indépendants"}, {"Le tableur"}),
        ("training", {"Le tableur"}, {"Apéro des indépendants"}),
    ],
)
def test_type_switch_shows_all_events_or_training(client, make_event, course, kind, shown, hidden):
    make_event(title="Apéro des indépendants", start=at(5, 18))
    html = client.get(f"/agenda/?kind={kind}" if kind else "/agenda/").content.decode()
    listed = results(html)
    assert all(title in listed for title in shown)
    assert not any(title in listed for title in hidden)
    # the switch says where one is and keeps the other filters
    current = {"": "Tous", "events": "Événements", "training": "Formations"}[kind]
    assert f'aria-current="true">{current}</a>' in html
    html = client.get(f"/agenda/?kind={kind}&telecentre=aurillac").content.decode()
    assert 'href="?kind=training&amp;telecentre=aurillac"' in html
    assert 'href="?telecentre=aurillac"' in html


def test_type_switch_combines_with_the_other_filters_and_the_month_view(client, make_event, course):
    make_event(title="Rencontre à Murat", telecentre=TelecentrePage.objects.get(slug="murat"))
    html = results(client.get("/agenda/?kind=training&telecentre=aurillac").content.decode())
    assert html.count("Le tableur pour gérer son activité") == 1  # the online one is filtered out
    assert "Rencontre à Murat" not in html
    assert "1 rendez-vous à venir" in html
    local = timezone.localtime(course.slots.order_by("start").first().start)
    month = client.get(f"/agenda/mois/{local.year}/{local.month}/?kind=training").content.decode()
    assert f"9{NBSP}h Le tableur pour gérer son activité" in month
    assert "Rencontre à Murat" not in month


def test_a_recurring_series_is_one_entry_with_its_next_dates(client, series):
    from portal.formats import date

    html = results(client.get("/agenda/").content.decode())
    assert html.count("Café-coworking du premier mardi") == 1
    starts = [slot.start for slot in series.slots.order_by("start")]
    assert len(starts) == 6
    expected = ", ".join(date(start, year=False) for start in starts[:3])
    text = html.replace('<time datetime="', "|").split("Prochaines dates")[1]
    import re

    shown = re.sub(r"\|[^>]*>|</time>", "", text)
    assert shown.startswith(f"{NBSP}: {expected} et 3 autres dates</p>"), shown[:200]
    assert "1 rendez-vous à venir" in html


def test_a_series_entry_skips_a_cancelled_next_date(client, series):
    first, second = series.slots.order_by("start")[:2]
    first.cancelled = True
    first.save()
    html = results(client.get("/agenda/").content.decode())
    assert html.count("Café-coworking du premier mardi") == 1
    assert f'datetime="{timezone.localtime(second.start).isoformat()}"' in html
    assert "Annulé" not in html


def test_agenda_and_centre_page_offer_webcal_subscriptions(client, course):
    html = client.get("/agenda/").content.decode()
    assert 'href="webcal://testserver/agenda/calendrier.ics"' in html
    assert 'href="/agenda/calendrier.ics"' in html
    assert 'href="webcal://testserver/agenda/calendrier.ics?telecentre=murat"' in html
    # the subscription follows the filters the feed understands
    html = client.get("/agenda/?kind=training&telecentre=aurillac&mode=online").content.decode()
    assert (
        'href="webcal://testserver/agenda/calendrier.ics?telecentre=aurillac&amp;kind=training"'
        in html
    )
    centre = client.get("/telecentres/aurillac/").content.decode()
    assert 'href="webcal://testserver/agenda/calendrier.ics?telecentre=aurillac"' in centre
    assert 'href="/agenda/calendrier.ics?telecentre=aurillac"' in centre
    assert 'href="/agenda/?telecentre=aurillac"' in centre


def test_webcal_links_follow_the_one_base_url(client, settings, course):
    settings.WAGTAILADMIN_BASE_URL = "https://www.cybercantal.example:8443"
    html = client.get("/agenda/").content.decode()
    assert 'href="webcal://www.cybercantal.example:8443/agenda/calendrier.ics"' in html


def test_calendar_feed_follows_the_type_switch(client, make_event, course):
    import icalendar

    make_event(title="Apéro des indépendants", start=at(5, 18))

    def summaries(query):
        feed = icalendar.Calendar.from_ical(client.get(f"/agenda/calendrier.ics?{query}").content)
        return {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}

    assert summaries("kind=training") == {"Le tableur pour gérer son activité"}
    assert "Apéro des indépendants" in summaries("kind=events")
    assert "Le tableur pour gérer son activité" not in summaries("kind=events")
    assert client.get("/agenda/calendrier.ics?kind=nothing").status_code == 404


def test_session_picker_names_the_date_the_place_and_the_seats(course):
    slots = list(course.dated_slots())
    form = RegistrationForm(slots=slots)
    labels = [label for _, label in form.fields["slot"].choices]
    first, second = (timezone.localtime(slot.start) for slot in slots)
    from portal.formats import date

    assert labels == [
        f"{date(first, weekday=True)}, de 9{NBSP}h à 12{NBSP}h — Aurillac — 12 places restantes",
        f"{date(second, weekday=True)}, de 9{NBSP}h à 12{NBSP}h — en ligne — 12 places restantes",
    ]


def test_query_count_stays_flat_with_series_and_sessions(client, agenda, series):
    EventIndexPage.objects.get().get_children().exclude(pk=series.pk).delete()
    TrainingCoursePageFactory(parent=TrainingCalendarPageFactory(), sessions=[{"start": at(2)}])
    few = _count(client, "/agenda/")
    for day in range(3, 8):
        EventPageFactory(parent=agenda, start=at(day), event_type=Category.WORKSHOP)
        TrainingCoursePageFactory(
            parent=TrainingCalendarPageFactory(), sessions=[{"start": at(day)}, {"start": at(20)}]
        )
    RegistrationFactory(slot=series.slots.order_by("start").first())
    many = _count(client, "/agenda/")
    assert many == few, f"{few} queries with one series and a session, {many} with more"


def test_training_calendar_offers_its_webcal_subscription(client, course):
    for url in ("/formations/", "/formations/mois/2031/1/"):
        html = client.get(url).content.decode()
        assert 'href="webcal://testserver/agenda/calendrier.ics?type=training"' in html
        assert 'href="/agenda/calendrier.ics?type=training"' in html
