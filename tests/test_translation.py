"""The English interface: the catalogue is complete and compiled, and pages switch language.

The source language is French (msgids are French). The catalogue is read with a
small regex parser and the compiled .mo with the standard library, so these tests
need neither polib nor GNU gettext. Refresh the catalogue with ``make messages``.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest

from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


def parse_po(path):
    """The active entries of a .po file: dicts of msgctxt/msgid/msgid_plural/msgstr[n], and flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, flags, current = {}, set(), None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue  # comments, references, and obsolete "#~" entries
            elif match := KEYWORD.match(line):
                current = match[1]
                entry[current] = ast.literal_eval(match[2])
            elif line.startswith('"') and current:
                entry[current] += ast.literal_eval(line)
        if "msgid" in entry:
            entry["flags"] = flags
            entries.append(entry)
    return entries


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.fixture(scope="module")
def catalogue():
    entries = parse_po(PO)
    header = next(entry for entry in entries if entry["msgid"] == "")
    return header, [entry for entry in entries if entry["msgid"] != ""]


@pytest.fixture(scope="module")
def compiled():
    with MO.open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_the_catalogue_header_declares_english_utf8_and_its_plural_rule(catalogue):
    header, _entries = catalogue
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"]


def test_every_msgid_is_translated_and_none_is_fuzzy(catalogue):
    _header, entries = catalogue
    assert len(entries) > 500
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [entry["msgid"] for entry in entries if not all(translations(entry))]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, (
        f"untranslated entries (run `make messages`, then translate): {untranslated}"
    )
    plurals = [entry for entry in entries if "msgid_plural" in entry]
    assert plurals
    assert all(len(translations(entry)) == 2 for entry in plurals)


def test_translations_keep_the_placeholders(catalogue):
    _header, entries = catalogue
    for entry in entries:
        source = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        for text in translations(entry):
            assert set(PLACEHOLDER.findall(text)) <= source, entry["msgid"]
        if "msgid_plural" not in entry:
            assert set(PLACEHOLDER.findall(entry["msgstr"])) == source, entry["msgid"]
        else:  # the plural form (n != 1) keeps every placeholder of the French plural
            assert set(PLACEHOLDER.findall(entry["msgid_plural"])) <= set(
                PLACEHOLDER.findall(entry["msgstr[1]"])
            ), entry["msgid_plural"]


def test_the_compiled_catalogue_matches_the_po(catalogue, compiled):
    """The .mo is committed (no gettext needed to serve English) and up to date with the .po."""
    _header, entries = catalogue
    stale = []
    for entry in entries:
        if "msgctxt" in entry:
            continue
        if "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            if got != entry["msgstr[1]"]:
                stale.append(entry["msgid"])
        elif compiled.gettext(entry["msgid"]) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo is out of date (run `make messages`): {stale[:10]}"
    assert compiled.gettext("Aller au contenu") == "Skip to content"
    assert compiled.gettext("Mentions légales") == "Legal notice"
    assert compiled.gettext("Données personnelles") == "Personal data"
    one = compiled.ngettext("%(counter)s télécentre", "%(counter)s télécentres", 1)
    many = compiled.ngettext("%(counter)s télécentre", "%(counter)s télécentres", 3)
    assert (one, many) == ("%(counter)s telecentre", "%(counter)s telecentres")


@pytest.fixture
def english(client, small_site):  # the switch reads the page tree (the translation to go to)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def page(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response, response.content.decode()


def test_home_page_in_english(english, small_site):
    response, html = page(english, "/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert ">Skip to content</a>" in html
    assert "The network in figures" in html
    assert "Latest news" in html
    assert "Legal notice" in html
    assert "Aller au contenu" not in html


def test_centre_list_in_english(english, small_site):
    _response, html = page(english, "/telecentres/")
    assert "Find a telecentre" in html and "Equipment and services" in html
    assert re.search(r"<button[^>]*>Show the telecentres</button>", html)
    assert re.search(r">\d+ telecentres</h2>", html)
    assert "Afficher" not in html


def test_agenda_in_english(english, small_site):
    _response, html = page(english, "/agenda/")
    assert 'aria-label="Filter events"' in html
    assert "Upcoming events" in html
    assert "Calendar views" in html
    assert "Filtrer les événements" not in html


def test_french_is_unchanged_by_default(client, small_site):
    response, html = page(client, "/")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert ">Aller au contenu</a>" in html
    assert "Skip to content" not in html
    _response, html = page(client, "/telecentres/")
    assert re.search(r"<button[^>]*>Afficher les télécentres</button>", html)
    _response, html = page(client, "/agenda/")
    assert 'aria-label="Filtrer les événements"' in html
    assert "Filter events" not in html
