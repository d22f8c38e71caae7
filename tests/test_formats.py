"""The one date, time and typography formatter, in French and in English."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.utils import translation

from portal import formats

PARIS = ZoneInfo("Europe/Paris")
NB, NN = "\u00a0", "\u202f"


@pytest.fixture
def fr():
    with translation.override("fr"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def test_french_dates_write_1er_and_the_weekday(fr):
    assert formats.date(at(2026, 12, 1, 9), weekday=True) == "mardi 1er décembre 2026"
    assert formats.date(at(2026, 12, 2, 9)) == "2 décembre 2026"
    assert formats.date(datetime.date(2027, 1, 1), year=False) == "1er janvier"
    assert formats.month(datetime.date(2027, 2, 1)) == "février 2027"


def test_utc_moments_are_shown_in_paris_time(fr):
    utc = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert formats.date(utc) == "1er janvier 2027"
    assert formats.clock(utc) == f"0{NB}h{NB}30"


def test_french_times_have_no_leading_zero_and_no_breaking_space(fr):
    assert formats.clock(datetime.time(8, 30)) == f"8{NB}h{NB}30"
    assert formats.clock(datetime.time(14, 0)) == f"14{NB}h"
    assert (
        formats.hours(at(2026, 12, 1, 9), at(2026, 12, 1, 12, 30)) == f"de 9{NB}h à 12{NB}h{NB}30"
    )
    assert formats.hours(at(2026, 12, 1, 22), at(2026, 12, 2, 1)) == (
        f"de 22{NB}h à 1{NB}h le lendemain"
    )
    assert formats.hours(at(2026, 12, 1, 20), at(2026, 12, 2, 0)) == f"de 20{NB}h à minuit"


def test_when_gives_day_and_hours_or_a_span_of_days(fr):
    assert formats.when(at(2026, 12, 1, 14), at(2026, 12, 1, 17)) == (
        f"mardi 1er décembre 2026, de 14{NB}h à 17{NB}h"
    )
    assert formats.when(at(2026, 12, 1, 9), at(2026, 12, 3, 17)) == (
        f"du 1er décembre à 9{NB}h au 3 décembre 2026 à 17{NB}h"
    )


def test_stamp(fr):
    assert formats.stamp(at(2026, 12, 10, 9)) == f"10 décembre 2026 à 9{NB}h"


def test_ordinals_agree(fr):
    assert [formats.ordinal(n) for n in (1, 2, 11)] == ["1er", "2e", "11e"]
    assert formats.ordinal(1, feminine=True) == "1re"


def test_counts_say_aucun_for_zero(fr):
    words = ("indépendant", "indépendants", "aucun indépendant")
    assert formats.count(0, *words) == "aucun indépendant"
    assert formats.count(1, *words) == f"1{NB}indépendant"
    assert formats.count(12, *words) == f"12{NB}indépendants"


def test_french_punctuation_spacing(fr):
    assert formats.typography("Complet ! Une question ? Oui ; non : « ici »") == (
        f"Complet{NN}! Une question{NN}? Oui{NN}; non{NB}: «{NB}ici{NB}»"
    )
    assert formats.typography("Déjà:espacé?") == f"Déjà:espacé{NN}?"
    assert formats.typography("Voir https://example.org/?a=1") == "Voir https://example.org/?a=1"


def test_english_formats(en):
    assert formats.date(at(2026, 12, 1, 9), weekday=True) == "Tuesday 1 December 2026"
    assert formats.clock(datetime.time(14, 30)) == f"2:30{NB}pm"
    assert formats.clock(datetime.time(9, 0)) == f"9{NB}am"
    assert formats.ordinal(2) == "2nd" and formats.ordinal(12) == "12th"
    assert formats.typography("Full! Yes?") == "Full! Yes?"
