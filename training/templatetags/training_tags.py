"""Template filters of the training pages: a session's hours, in Paris time, in words."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


def _hm(value):
    """« 9 h », « 18 h 30 » (French typography, non-breaking spaces)."""
    return f"{value.hour}\u00a0h" + (f"\u00a0{value.minute:02d}" if value.minute else "")


@register.filter
def session_hours(slot):
    """« de 9 h à 12 h 30 », « de 22 h à 1 h le lendemain », or the days of a longer session."""
    start = timezone.localtime(slot.start)
    end = timezone.localtime(slot.end)
    if end.date() == start.date():
        return _("de %(start)s à %(end)s") % {"start": _hm(start), "end": _hm(end)}
    if end.date() == start.date() + datetime.timedelta(days=1):
        if end.time() == datetime.time.min:
            return _("de %(start)s à minuit") % {"start": _hm(start)}
        return _("de %(start)s à %(end)s le lendemain") % {"start": _hm(start), "end": _hm(end)}
    return _("du %(start)s au %(end)s") % {
        "start": date_format(start, "j F, H:i"),
        "end": date_format(end, "j F Y, H:i"),
    }


@register.filter
def local_time(value):
    """« 9 h », « 18 h 30 » in Paris time."""
    return _hm(timezone.localtime(value))
