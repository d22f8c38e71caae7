"""A newcomer from abroad on a phone (360 px): from the French home page, the language
switch to English, then the English home, the newcomers' hub, a commune found by its name
and a centre nearby, all in English. Clicks only after ``/``; axe-core on every page;
nothing wider than the screen."""

import pytest

from home.models import Commune
from tests.browser.test_journeys import arrived, header_link
from tests.site import build_demo
from tests.snapshots import built

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _build_english():
    from home.commune_builder import build
    from home.demo_english import seed_english

    build_demo()
    seed_english()
    communes = Commune.objects.filter(postcodes__contains="15300")
    build(communes=communes, progress=False)
    build(communes=communes, progress=False, language="en")


@pytest.fixture
def english(small_site):
    """The demo with its English pages and a few communes' pages, in both languages."""
    return built("demo_english", _build_english)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_newcomer_switches_to_english_and_walks_the_english_pages(page, english, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.tab.set_default_timeout(8000)

    page.goto("/")
    arrived(page, width)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    arrived(page, width)
    assert page.url.endswith("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Work where you live, together"

    header_link(page, "Moving to the Cantal")
    arrived(page, width)
    assert page.url.endswith("/en/moving-here/")
    assert page.locator("h1").inner_text() == "Moving to the Cantal"
    assert page.locator("main").get_attribute("lang") is None

    page.get_by_label("Commune or postcode").first.fill("Murat")
    page.get_by_role("button", name="See the commune").first.click()
    arrived(page, width)
    assert page.url.endswith("/en/communes/murat/")
    text = page.locator("main").inner_text()
    assert "inhabitants" in text and "Nearest telecentre" in text

    centres = page.locator("section[aria-labelledby=centres-title]")
    centres.get_by_role("link", name="Murat telecentre").click()
    arrived(page, width)
    assert page.url.endswith("/en/telecentres/murat/")
    assert page.locator("h1").inner_text() == "Murat telecentre"

    # Back to French: the same centre, in French.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    arrived(page, width)
    assert page.url.endswith("/telecentres/murat/") and "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.console_errors == []


def test_english_and_untranslated_pages_have_no_axe_violations(page, english):
    from tests.browser.conftest import problems_on

    page.set_viewport_size({"width": 360, "height": 800})
    found = problems_on(page, ["/en/actualites/", "/en/communes/", "/en/telecentres/"])
    assert found == {path: [] for path in found}
