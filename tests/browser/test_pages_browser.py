"""The network's main pages in a real Chromium: they load cleanly and axe-core finds nothing."""

import pytest

from tests.browser.conftest import axe_violations, problems_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "/",
    "/telecentres/",
    "/telecentres/aurillac/",
    "/actualites/",
    "/venir-s-installer/",
    "/plan-du-site/",
]


def test_main_pages_load_without_console_errors_or_axe_violations(page, live_demo):
    found = problems_on(page, MAIN_PAGES)
    assert found == {path: [] for path in found}


def test_centre_map_shows_a_marker_per_centre_from_geojson(page, small_site):
    page.goto("/telecentres/")
    page.wait_for_selector(".leaflet-marker-icon")
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == 8
    markers.first.click()
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.get_attribute("href").startswith("/telecentres/")


def test_filtering_centres_keeps_the_choice_and_narrows_the_list(page, small_site):
    page.goto("/telecentres/")
    page.get_by_label("Secrétariat").check()
    page.get_by_role("button", name="Afficher les télécentres").click()
    page.wait_for_load_state("networkidle")
    assert "secretariat=1" in page.url
    assert page.get_by_label("Secrétariat").is_checked()
    assert page.locator("h2#results-title").inner_text() == "2 télécentres"


def test_phone_width_menu_and_no_horizontal_scroll(page, small_site):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/telecentres/aurillac/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    menu_link = page.locator("#site-menu").get_by_role("link", name="Actualités", exact=True)
    assert not menu_link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    # the directory, the search box and the account entry are in the phone menu too
    assert page.locator("#site-menu").get_by_role("link", name="Annuaire").is_visible()
    assert page.get_by_role("searchbox", name="Rechercher sur le site").is_visible()
    assert page.locator("#site-menu").get_by_role("link", name="Se connecter").is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # Escape closes the menu and gives focus back to its button
    page.get_by_role("searchbox", name="Rechercher sur le site").focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()
    assert toggle.evaluate("el => el === document.activeElement")


def test_header_search_leads_to_results(page, small_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    box = page.get_by_role("searchbox", name="Rechercher sur le site")
    box.fill("Aurillac")
    box.press("Enter")
    page.wait_for_load_state("domcontentloaded")
    assert "/recherche/?q=Aurillac" in page.url
    assert page.get_by_role("heading", name="Rechercher sur le site").is_visible()
    assert axe_violations(page) == []


def test_skip_link_moves_focus_to_the_content(page, small_site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


def test_a_csp_violation_shows_as_a_console_error_and_would_fail_the_journeys(page, small_site):
    """The journeys assert ``console_errors == []``; a blocked inline script lands there."""
    page.goto("/")
    assert page.console_errors == []
    with page.tab.expect_console_message(lambda msg: msg.type == "error"):
        page.tab.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.appendChild(script);
            }"""
        )
    assert page.tab.evaluate("() => window.injected === true") is False
    assert any("Content Security Policy" in error for error in page.console_errors)


def test_profile_form_and_admin_pages_raise_no_csp_violation(page, small_site, live_server):
    """The moved scripts still run under the public policy; the admin runs under its own."""
    from wagtail.models import Page as WagtailPage

    page.goto("/admin/login/")
    page.locator("#id_username").fill("editeur")
    page.locator("#id_password").fill("cantal-dev")
    page.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.tab.url.endswith("/admin/")
    centre = WagtailPage.objects.get(slug="aurillac")
    for path in [f"/admin/pages/{centre.pk}/edit/", "/admin/images/", "/"]:
        assert page.goto(path).status == 200
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
