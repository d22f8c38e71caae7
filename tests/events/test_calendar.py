"""Calendar feeds: valid iCalendar, stable UIDs, Paris times, SEQUENCE, CANCELLED, VALARM; khal reads them."""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from django.utils import timezone

from events.factories import at
from events.models import Audience
from home.models import TelecentrePage
from portal.mail import run_queue
from tests.events.owners import both_owners

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_network_feed_is_valid_icalendar_with_paris_times(client, make_event):
    winter = datetime.datetime(2031, 1, 14, 18, 0, tzinfo=PARIS)
    summer = datetime.datetime(2031, 7, 8, 9, 30, tzinfo=PARIS)
    make_event(title="Soirée d’hiver", start=winter, end=winter + datetime.timedelta(hours=2))
    make_event(title="Matinée d’été", start=summer, end=summer + datetime.timedelta(hours=2))
    calendar = parse(client.get("/agenda/calendrier.ics"))
    assert str(calendar["VERSION"]) == "2.0" and "CyberCantal" in str(calendar["PRODID"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = events_of(calendar)
    winter_event, summer_event = events["Soirée d’hiver"], events["Matinée d’été"]
    assert winter_event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert winter_event.decoded("DTSTART") == winter and summer_event.decoded("DTSTART") == summer
    assert winter_event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert summer_event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)
    assert str(winter_event["STATUS"]) == "CONFIRMED"
    [alarm] = winter_event.walk("VALARM")
    assert (
        alarm.decoded("TRIGGER") == datetime.timedelta(days=-1)
        and str(alarm["ACTION"]) == "DISPLAY"
    )
    assert str(winter_event["URL"]).startswith("http://testserver/agenda/")


def test_uid_is_stable_and_sequence_grows_when_the_date_changes(client, make_event):
    page = make_event(title="Atelier mobile")
    first = events_of(parse(client.get("/agenda/calendrier.ics")))["Atelier mobile"]
    assert int(first["SEQUENCE"]) == 0
    page.start += datetime.timedelta(days=1)
    page.end += datetime.timedelta(days=1)
    page.save_revision().publish()
    second = events_of(parse(client.get("/agenda/calendrier.ics")))["Atelier mobile"]
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == 1
    assert second.decoded("DTSTART") - first.decoded("DTSTART") == datetime.timedelta(days=1)
    page.cancelled = True
    page.save_revision().publish()
    third = events_of(parse(client.get("/agenda/calendrier.ics")))["Atelier mobile"]
    assert str(third["STATUS"]) == "CANCELLED" and int(third["SEQUENCE"]) == 2
    assert not third.walk("VALARM")


def test_feeds_per_centre_and_per_audience(client, make_event):
    aurillac = TelecentrePage.objects.get(slug="aurillac")
    make_event(title="À Aurillac", telecentre=aurillac, audience=Audience.FREELANCERS)
    make_event(
        title="À Murat",
        telecentre=TelecentrePage.objects.get(slug="murat"),
        audience=Audience.BUSINESSES,
    )
    make_event(title="Pour tous")
    assert set(events_of(parse(client.get("/agenda/calendrier.ics?telecentre=aurillac")))) == {
        "À Aurillac"
    }
    assert set(events_of(parse(client.get("/agenda/calendrier.ics?public=independants")))) == {
        "À Aurillac",
        "Pour tous",
    }
    assert client.get("/agenda/calendrier.ics?telecentre=nulle-part").status_code == 404
    assert client.get("/agenda/calendrier.ics?public=martiens").status_code == 404
    agenda_html = client.get("/agenda/").content.decode()
    assert 'href="/agenda/calendrier.ics?telecentre=aurillac"' in agenda_html
    assert 'href="/agenda/calendrier.ics?public=independants"' in agenda_html


def test_recurring_series_has_one_event_per_date_in_its_own_file(client, make_event):
    start = timezone.make_aware(datetime.datetime(2031, 4, 1, 9, 30))
    page = make_event(
        title="Café-coworking",
        start=start,
        end=start + datetime.timedelta(hours=2),
        repeat="monthly",
        repeat_until=datetime.date(2031, 6, 30),
    )
    response = client.get(page.url + "ical/")
    assert 'filename="' in response["Content-Disposition"]
    events = list(parse(response).walk("VEVENT"))
    assert [e.decoded("DTSTART").date() for e in events] == [
        datetime.date(2031, 4, 1),
        datetime.date(2031, 5, 6),
        datetime.date(2031, 6, 3),
    ]
    assert len({str(e["UID"]) for e in events}) == 3


def test_khal_imports_the_feed_with_the_right_local_times(client, make_event, tmp_path):
    khal = Path(sys.executable).parent / "khal"
    if not khal.exists():
        pytest.skip("khal is not installed (pip install khal)")
    winter = datetime.datetime(2031, 1, 14, 18, 0, tzinfo=PARIS)
    summer = datetime.datetime(2031, 7, 8, 9, 30, tzinfo=PARIS)
    make_event(title="Soirée d’hiver", start=winter, end=winter + datetime.timedelta(hours=2))
    make_event(title="Matinée d’été", start=summer, end=summer + datetime.timedelta(hours=2))
    feed = tmp_path / "calendrier.ics"
    feed.write_bytes(client.get("/agenda/calendrier.ics").content)
    (tmp_path / "cal").mkdir()

    def run_khal(local_timezone, *args):
        config = tmp_path / f"khal-{local_timezone.replace('/', '-')}.conf"
        config.write_text(
            f"[calendars]\n[[agenda]]\npath = {tmp_path / 'cal'}\ntype = calendar\n"
            f"[sqlite]\npath = {tmp_path / ('khal-' + local_timezone.replace('/', '-') + '.db')}\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {local_timezone}\ndefault_timezone = {local_timezone}\n"
            "[default]\ndefault_calendar = agenda\n"
        )
        env = {
            **os.environ,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path),
        }
        result = subprocess.run(
            [str(khal), "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run_khal("Europe/Paris", "import", "--batch", str(feed))
    listing = run_khal(
        "Europe/Paris",
        "list",
        "--format",
        "{start} {title}",
        "--day-format",
        "",
        "2031-01-01",
        "400d",
    )
    assert "2031-01-14 18:00 Soirée d’hiver" in listing
    assert "2031-07-08 09:30 Matinée d’été" in listing
    # The same file seen from New York: times converted, so the zone really travelled.
    listing = run_khal(
        "America/New_York",
        "list",
        "--format",
        "{start} {title}",
        "--day-format",
        "",
        "2031-01-01",
        "400d",
    )
    assert "2031-01-14 12:00 Soirée d’hiver" in listing
    assert "2031-07-08 03:30 Matinée d’été" in listing


@both_owners
def test_confirmed_people_get_the_online_link_in_their_calendar_file(make_event, mailoutbox):
    from events import services

    slot = make_event(
        online=True, online_url="https://visio.example.org/room-42", start=at(5)
    ).slots.get()
    services.register(slot, name="Anne", email="anne@example.org", consent=True)
    run_queue()
    [mail] = mailoutbox
    assert "https://visio.example.org/room-42" in mail.body
    calendar = icalendar.Calendar.from_ical(mail.attachments[0][1])
    [event] = calendar.walk("VEVENT")
    assert "room-42" in str(event["DESCRIPTION"])
