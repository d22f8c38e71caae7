"""At 360 px, in a real Chromium: nothing is wider than the screen, the date and place come
before the forms, filters fold, month views are day lists, and axe-core finds nothing."""

import pytest

from django.utils import timezone

from events.factories import EventIndexPageFactory, EventPageFactory, at
from home.models import TelecentrePage
from tests.browser.conftest import axe_violations
from tests.text import french
from training.factories import TrainingCalendarPageFactory, TrainingCoursePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}

# Elements whose right or left edge leaves the viewport (map tiles and visually hidden text
# aside): a cut label, a table too wide, a long word.
TOO_WIDE = """() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    for (const element of document.querySelectorAll("body *")) {
        if (element.closest(".leaflet-container, .visually-hidden, .skip-link")) continue;
        const box = element.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        if (box.right > width + 1 || box.left < -1) {
            found.push(`${element.tagName.toLowerCase()}.${element.className} ${Math.round(box.left)}–${Math.round(box.right)}`);
        }
    }
    return {overflow: document.documentElement.scrollWidth - width, found: found.slice(0, 10)};
}"""


@pytest.fixture
def agenda_content(small_site):
    aurillac = TelecentrePage.objects.get(slug="aurillac")
    event = EventPageFactory(
        parent=EventIndexPageFactory(),
        title="Conférence : le droit du télétravail",
        telecentre=aurillac,
        start=at(6, 18),
        capacity=20,
        speakers=["Hélène Brugère"],
    )
    course = TrainingCoursePageFactory(
        parent=TrainingCalendarPageFactory(),
        title="Le tableur pour gérer son activité",
        sessions=[
            {"start": at(5, 9), "telecentre": aurillac},
            {"start": at(8, 14), "telecentre": TelecentrePage.objects.get(slug="saint-flour")},
            {"start": at(12, 9)},
        ],
    )
    return event, course


@pytest.fixture
def profiles(small_site):
    from directory.factories import ProfileFactory

    for skills in (["Python", "Django"], ["Traduction"], ["Comptabilité", "Paie"]):
        ProfileFactory(skills=skills)


def month_path(prefix, day):
    return f"{prefix}mois/{day.year}/{day.month}/"


def main_pages(event, course):
    day = timezone.localtime(event.slots.get().start)
    return [
        "/",
        "/telecentres/",
        "/telecentres/aurillac/",
        "/actualites/",
        "/agenda/",
        event.url,
        "/formations/",
        course.url,
        "/annuaire/",
        "/recherche/?q=Aurillac",
        month_path("/agenda/", day),
        month_path("/formations/", day),
    ]


def test_no_element_is_wider_than_a_phone_and_axe_finds_nothing(page, agenda_content, profiles):
    page.set_viewport_size(PHONE)
    for path in main_pages(*agenda_content):
        assert page.goto(path).status == 200, path
        result = page.evaluate(TOO_WIDE)
        assert result == {"overflow": 0, "found": []}, path
        violations = axe_violations(page)
        assert violations == [], (path, violations)
        assert page.console_errors == [], path


def _bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_date_place_and_seats_stand_above_the_first_form(page, agenda_content):
    event, course = agenda_content
    page.set_viewport_size(PHONE)
    for url in (event.url, course.url):
        page.goto(url)
        facts = page.locator("[data-key-facts]")
        form = page.locator("main form").first
        assert facts.is_visible() and form.is_visible()
        assert _bottom(facts) <= form.bounding_box()["y"], url
        assert "Aurillac" in facts.inner_text()
        assert "places restantes" in facts.inner_text()
        # and the description comes after them
        assert (
            _bottom(facts)
            <= page.locator("main .stream, main #objectives-title").first.bounding_box()["y"]
        )
    page.goto("/telecentres/aurillac/")
    practical = page.locator(".centre-practical")
    assert "04 71" in practical.inner_text() and "Lundi" in practical.inner_text()
    assert _bottom(practical) <= page.locator("main .stream").bounding_box()["y"]


def test_on_wide_screens_the_facts_sit_beside_the_description(page, agenda_content):
    event, _ = agenda_content
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(event.url)
    facts = page.locator("[data-key-facts]").bounding_box()
    body = page.locator("main .stream").bounding_box()
    assert facts["x"] > body["x"] + body["width"]  # on the right
    assert abs(facts["y"] - page.locator("main .layout-sidebar__main").bounding_box()["y"]) < 2


def test_directory_results_come_first_and_filters_fold(page, profiles):
    page.set_viewport_size(PHONE)
    page.goto("/annuaire/")
    # the results start on the first screen, right after the words box and the fold
    assert _bottom(page.locator("#results-title")) < 740
    assert page.locator(".profile-list > li").first.bounding_box()["y"] < 740
    page.goto("/annuaire/?available=1")
    fold = page.locator("details.filters-fold")
    assert fold.get_attribute("open") is None
    summary = fold.locator("summary")
    assert summary.inner_text() == "Filtrer les résultats (1 filtre actif)"
    assert not page.get_by_label("Commune ou code postal").is_visible()
    summary.click()
    assert page.get_by_label("Commune ou code postal").is_visible()
    # the facet lists are not scroll boxes: every label is whole
    for facet in page.locator(".facet__list").all():
        assert facet.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/annuaire/")
    assert page.locator("details.filters-fold").get_attribute("open") is not None


def test_month_view_is_a_day_list_on_phones_and_a_grid_on_wide_screens(page, agenda_content):
    event, _course = agenda_content
    day = timezone.localtime(event.slots.get().start)
    page.set_viewport_size(PHONE)
    page.goto(month_path("/agenda/", day))
    assert not page.locator(".month-calendar").is_visible()
    from portal.formats import date

    title = date(day, weekday=True)
    heading = page.get_by_role("heading", name=title[0].upper() + title[1:], exact=True)
    assert heading.is_visible()
    titles = page.locator(".month-days .card__title").all_inner_texts()
    assert french("Conférence : le droit du télétravail") in titles
    assert "Le tableur pour gérer son activité" in titles  # the agenda lists sessions too
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(month_path("/agenda/", day))
    assert page.locator(".month-calendar").is_visible()
    sunday = page.locator(".month-calendar thead th").nth(6)
    assert sunday.is_visible() and sunday.bounding_box()["x"] + 20 < 1280


def test_session_table_stacks_with_labels_and_sign_up_links(page, agenda_content):
    _, course = agenda_content
    page.set_viewport_size(PHONE)
    page.goto(course.url)
    rows = page.locator(".training-sessions tbody tr")
    assert rows.count() == 3
    for row in rows.all():
        assert "places restantes" in row.inner_text()
        labels = row.locator("td[data-label]").evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
        )
        assert labels == ['"Horaires\u00a0: "', '"Lieu\u00a0: "', '"Places\u00a0: "']
        link = row.get_by_role("link", name="S’inscrire")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] + box["width"] <= 360
    options = page.locator("#id_slot option").all_inner_texts()
    assert any(" — Saint-Flour — " in option for option in options)
    assert any(" — en ligne — " in option for option in options)
