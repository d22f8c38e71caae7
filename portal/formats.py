"""The site's one date, time and French typography formatter.

Every date or time a visitor reads (pages, emails, the admin's lists) goes through here, so
the site writes them one way: « mardi 1er décembre 2026 », « 14 h 30 », « de 9 h à 12 h »;
in English « Tuesday 1 December 2026 », « 2:30 pm », « 9 am to 12 pm ». Times are shown in
the site's time zone (Europe/Paris). The template filters are in ``portal_formats``.
"""

import datetime
import re

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

NBSP = "\u00a0"  # before « : » and inside « »
NNBSP = "\u202f"  # narrow: before ; ! ?


def _french():
    return (translation.get_language() or "fr").startswith("fr")


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_number(value):
    """« 1er », « 2 » in French; « 1 » in English."""
    return "1er" if value.day == 1 and _french() else str(value.day)


def date(value, *, weekday=False, year=True):
    """« mardi 1er décembre 2026 », « 1er décembre 2026 », « 1er décembre »."""
    if value is None or value == "":
        return ""
    value = _local(value)
    parts = []
    if weekday:
        parts.append(date_format(value, "l"))
    parts += [day_number(value), date_format(value, "F")]
    if year:
        parts.append(str(value.year))
    return " ".join(parts)


def month(value):
    """« décembre 2026 »."""
    return date_format(_local(value), "F Y") if value else ""


def clock(value):
    """« 9 h », « 14 h 30 » (no leading zero; non-breaking spaces); « 9 am », « 2:30 pm »."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if _french():
        text = f"{value.hour}{NBSP}h"
        return text + (f"{NBSP}{value.minute:02d}" if value.minute else "")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{NBSP}{suffix}" if value.minute else f"{hour}{NBSP}{suffix}"


def hours(start, end):
    """« de 9 h à 12 h 30 », « de 22 h à 1 h le lendemain », « du 1er décembre à 9 h au
    3 décembre 2026 à 17 h » for a span of several days."""
    start, end = _local(start), _local(end)
    if end is None or end == start:
        return _("à %(start)s") % {"start": clock(start)}
    if end.date() == start.date():
        return _("de %(start)s à %(end)s") % {"start": clock(start), "end": clock(end)}
    if end.date() == start.date() + datetime.timedelta(days=1):
        if end.time() == datetime.time.min:
            return _("de %(start)s à minuit") % {"start": clock(start)}
        return _("de %(start)s à %(end)s le lendemain") % {"start": clock(start), "end": clock(end)}
    return _("du %(start)s au %(end)s") % {
        "start": _at(date(start, year=start.year != end.year), clock(start)),
        "end": _at(date(end), clock(end)),
    }


def _at(day, time):
    return _("%(date)s à %(time)s") % {"date": day, "time": time}


def when(start, end=None):
    """« mardi 1er décembre 2026, de 14 h à 17 h » (or « …, à 14 h » without an end)."""
    if start is None:
        return ""
    start = _local(start)
    if end is not None and _local(end).date() > _local(start).date() + datetime.timedelta(days=1):
        return hours(start, end)
    return f"{date(start, weekday=True)}, {hours(start, end)}"


def stamp(value):
    """A moment in lists and the admin: « 1er décembre 2026 à 14 h 30 »."""
    if value is None:
        return ""
    value = _local(value)
    return _at(date(value), clock(value))


def ordinal(number, feminine=False):
    """« 1er », « 1re », « 2e » (French); « 1st », « 2nd » (English)."""
    number = int(number)
    if _french():
        if number == 1:
            return "1re" if feminine else "1er"
        return f"{number}e"
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def count(number, singular, plural, none):
    """« aucun indépendant », « 1 indépendant », « 12 indépendants » (words given translated)."""
    if not number:
        return none
    return f"{number}{NBSP}{singular if number == 1 else plural}"


_BEFORE_NARROW = re.compile(r"(?<=[^\s;!?])[ \u00a0\u202f]?([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0]?:(?=\s|$)")
_GUILLEMET_OPEN = re.compile(r"«[ \u00a0]?")
_GUILLEMET_CLOSE = re.compile(r"[ \u00a0]?»")


def typography(text):
    """French spacing in plain text: a narrow no-break space before ; ! ?, a no-break space
    before : and inside « », so that punctuation never starts a line. Text with a URL is
    left as it is."""
    if not text or not _french() or "://" in str(text):
        return text
    text = _BEFORE_NARROW.sub(NNBSP + r"\1", str(text))
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _GUILLEMET_OPEN.sub("«" + NBSP, text)
    return _GUILLEMET_CLOSE.sub(NBSP + "»", text)


_HTML_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_TAG = re.compile(r"<(/?)(script|style|textarea|pre|code|kbd|samp)\b", re.I)
_TYPOGRAPHY_CANDIDATE = re.compile(r"[:;!?«»]")


def typography_html(markup):
    """``typography`` on the text of an HTML document: tags, attributes, comments and the
    content of script, style, textarea, pre and code are left as they are; entities are
    read (``&amp;`` is not a semicolon to space). The site applies it to every French HTML
    response (``portal.middleware.FrenchTypographyMiddleware``)."""
    if not _french():
        return markup
    from html import escape, unescape

    out = []
    raw_depth = 0
    for token in _HTML_TOKEN.split(markup):
        if not token:
            continue
        if token.startswith("<"):
            raw = _RAW_TAG.match(token)
            if raw:
                raw_depth += -1 if raw.group(1) else 1
                raw_depth = max(raw_depth, 0)
            out.append(token)
        elif raw_depth or not _TYPOGRAPHY_CANDIDATE.search(token):
            out.append(token)
        else:
            text = unescape(token)
            spaced = typography(text)
            out.append(token if spaced == text else escape(spaced, quote=False))
    return "".join(out)
