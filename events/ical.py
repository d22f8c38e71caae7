"""iCalendar (RFC 5545) for slots: the network feed, each event's file, email attachments.

Stable UIDs (the Slot's UUID), times in Europe/Paris with their VTIMEZONE, SEQUENCE bumped
when a date or place changes, STATUS:CANCELLED for cancelled dates, and a VALARM the day
before. Online links appear only in the private files sent to confirmed people.
"""

import datetime
import functools

from icalendar import Alarm, Calendar, Event, Timezone

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from portal.base_url import base_url as site_base_url

PRODID = "-//CyberCantal Télécentres//Agenda//FR"
UID_DOMAIN = "cybercantal.fr"


def _event(slot, base_url, private=False, method="PUBLISH"):
    event = Event()
    event.add("uid", f"{slot.uid}@{UID_DOMAIN}")
    event.add("dtstamp", slot.updated_at or timezone.now())
    event.add("last-modified", slot.updated_at or timezone.now())
    event.add("created", slot.created_at or timezone.now())
    event.add("sequence", slot.sequence)
    event.add("summary", slot.title)
    event.add("dtstart", timezone.localtime(slot.start))
    event.add("dtend", timezone.localtime(slot.end))
    url = base_url + slot.url if slot.page_id else ""
    description = [slot.description] if slot.description else []
    if private and slot.online and slot.online_url:
        description.append(f"Lien de connexion : {slot.online_url}")
    if url:
        event.add("url", url)
        description.append(f"Informations et inscription : {url}")
    if description:
        event.add("description", "\n\n".join(description))
    location = slot.full_address
    if slot.online:
        online = slot.online_url if private and slot.online_url else "En ligne"
        location = f"{location} — {online}" if location else online
    if location:
        event.add("location", location)
    if slot.telecentre_id and slot.telecentre.latitude is not None:
        event.add("geo", (slot.telecentre.latitude, slot.telecentre.longitude))
    event.add("categories", [slot.get_category_display()])
    cancelled = slot.cancelled or method == "CANCEL"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", datetime.timedelta(days=-1))
        alarm.add("description", f"Demain : {slot.title}")
        event.add_component(alarm)
    return event


def build_calendar(slots, *, name, base_url="", private=False, method="PUBLISH"):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for slot in slots:
        calendar.add_component(_event(slot, base_url.rstrip("/"), private=private, method=method))
    if slots:
        calendar.add_component(_vtimezone())
    return calendar


@functools.cache
def _vtimezone_ical():
    return Timezone.from_tzid(settings.TIME_ZONE).to_ical()


def _vtimezone():
    """The VTIMEZONE of Europe/Paris, computed once per process (it takes ~20 ms)."""
    return Timezone.from_ical(_vtimezone_ical())


def calendar_bytes(slots, **kwargs):
    return build_calendar(slots, **kwargs).to_ical()


ATTACHMENTS_KEPT = 64
_attachments = {}


def _inputs(slot, base_url, private, method):
    """Everything ``_event`` reads of a date: the same values give the same file."""
    centre = slot.telecentre if slot.telecentre_id else None
    return (
        slot.pk, slot.uid, slot.sequence, slot.created_at, slot.updated_at, slot.title,
        slot.description, slot.start, slot.end, slot.url, slot.full_address, slot.online,
        slot.online_url, slot.cancelled, slot.category,
        centre and (centre.latitude, centre.longitude),
        base_url, private, method, settings.TIME_ZONE,
    )  # fmt: skip


def attachment_bytes(slot, *, base_url, private=False, method="PUBLISH"):
    """One date's file for an email: built once per process for the same inputs (every
    sign-up to a date gets the same file; ~20 ms each to build), rebuilt when the date, its
    place or its page's address change."""
    key = _inputs(slot, base_url, private, method)
    found = _attachments.get(key)
    if found is None:
        found = calendar_bytes(
            [slot], name=slot.title, base_url=base_url, private=private, method=method
        )
        if len(_attachments) >= ATTACHMENTS_KEPT:
            _attachments.pop(next(iter(_attachments)))  # the oldest
        _attachments[key] = found
    return found


def calendar_response(request, slots, *, name, filename):
    base_url = site_base_url()
    body = calendar_bytes(slots, name=name, base_url=base_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response
