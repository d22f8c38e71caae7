"""Template filters of the training pages: a session's hours, in Paris time, in words
(through the site's one formatter, portal/formats.py)."""

from django import template

from portal import formats

register = template.Library()


@register.filter
def session_hours(slot):
    """« de 9 h à 12 h 30 », « de 22 h à 1 h le lendemain », or the days of a longer session."""
    return formats.hours(slot.start, slot.end)


@register.filter
def local_time(value):
    """« 9 h », « 18 h 30 » in Paris time."""
    return formats.clock(value)
