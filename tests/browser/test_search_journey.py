"""On a phone (360 px), a business looking for a freelancer types what it knows, a trade
and a postcode, and reaches a profile; axe-core checks every page on the way."""

import pytest

from home.models import Commune
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def freelancers(small_site, settings):
    from directory.factories import ProfileFactory

    settings.ELASTICSEARCH_URL = ""  # the embedded default: the database backend
    # Autocommit: each profile is indexed as it commits. Their words never say
    # "comptable": only their skills do (a trade of the vocabulary).
    near = ProfileFactory(
        display_name="Alice Chiffres",
        headline="Indépendante au service des artisans",
        skills=["Comptabilité", "Paie"],
        commune=Commune.objects.get(insee="15267"),  # Ytrac (postcode 15000, as Aurillac)
    )
    ProfileFactory(
        display_name="Bruno Lointain",
        headline="Indépendant",
        skills=["Comptabilité"],
        commune=Commune.objects.get(insee="15120"),  # Mauriac, 30 km away
    )
    ProfileFactory(
        display_name="Chloé Dessin",
        headline="Indépendante",
        skills=["Graphisme"],
        commune=Commune.objects.get(insee="15014"),  # Aurillac, but no accountant
    )
    return near


def _checked(page, visited):
    assert axe_violations(page) == [], page.url
    overflow = page.tab.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 1, page.url
    visited.append(page.url)


def test_a_business_types_a_trade_and_a_postcode_on_a_phone_and_reaches_a_profile(
    page, freelancers
):
    page.set_viewport_size(PHONE)
    visited = []
    page.goto("/")
    _checked(page, visited)

    # The menu is folded on a phone: open it, go to the directory.
    page.get_by_role("button", name="Menu").click()
    page.locator("#site-menu").get_by_role("link", name="Annuaire").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/annuaire/")
    _checked(page, visited)

    # A trade in the words box; the place under the folded filters, as a postcode.
    page.get_by_label("Mots-clés").fill("comptable")
    page.locator("details.filters-fold summary").click()
    page.get_by_label("Commune ou code postal").fill("15000")
    page.locator("main").get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state("networkidle")
    assert "commune=15000" in page.url
    _checked(page, visited)
    main = page.locator("main")
    shown = main.inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert "Le code postal 15000 couvre plusieurs communes : Aurillac, Ytrac" in shown
    # 20 km by default once a commune is chosen: the near accountant, not the far one.
    assert page.locator("h2#results-title").inner_text() == "1 indépendant"
    assert "Bruno Lointain" not in main.inner_text()

    page.locator(".profile-card").get_by_role("link", name="Alice Chiffres").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(freelancers.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Alice Chiffres"
    _checked(page, visited)
    assert len(visited) == 4
    assert page.console_errors == []
