"""Template filters for dates, times and French typography (see portal/formats.py)."""

from django import template

from portal import formats

register = template.Library()


@register.filter
def day(value):
    """« mardi 1er décembre 2026 »."""
    return formats.date(value, weekday=True)


@register.filter
def short_date(value):
    """« 1er décembre 2026 »."""
    return formats.date(value)


@register.filter
def day_month(value):
    """« 1er décembre »."""
    return formats.date(value, year=False)


@register.filter
def month(value):
    """« décembre 2026 »."""
    return formats.month(value)


@register.filter
def clock(value):
    """« 14 h 30 »."""
    return formats.clock(value)


@register.filter
def hours(start, end):
    """``{{ slot.start|hours:slot.end }}``: « de 14 h à 17 h »."""
    return formats.hours(start, end)


@register.filter
def when(start, end=None):
    """``{{ slot.start|when:slot.end }}``: « mardi 1er décembre 2026, de 14 h à 17 h »."""
    return formats.when(start, end)


@register.filter
def stamp(value):
    """« 1er décembre 2026, 14 h 30 »."""
    return formats.stamp(value)


@register.filter
def ordinal(number, gender=""):
    """``{{ n|ordinal }}`` « 1er », ``{{ n|ordinal:"f" }}`` « 1re »."""
    return formats.ordinal(number, feminine=gender == "f")


@register.filter
def typography(text):
    """French no-break spaces before : ; ! ? and inside « »."""
    return formats.typography(text)
