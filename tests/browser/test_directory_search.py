"""A business searches the directory in a real Chromium; axe-core checks the search pages."""

import pytest

from tests.browser.conftest import problems_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(small_site, settings):
    from tests.search.conftest import People

    settings.ELASTICSEARCH_URL = ""  # the embedded default: the database backend
    return People()  # autocommit: each change is indexed as it commits


def test_a_business_searches_ticks_a_facet_and_shares_the_url(page, people):
    page.goto("/annuaire/")
    page.get_by_label("Mots-clés").fill("python")
    # the directory's own button (the header has a site search button too)
    page.locator("main").get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state("networkidle")
    assert "q=python" in page.url
    results = page.locator("h2#results-title")
    assert results.inner_text() == "3 indépendants"

    # Ticking a facet searches at once (JavaScript) and the URL keeps the choice.
    page.get_by_label("Django (1)").check()
    page.wait_for_url("**skill=django**")
    page.wait_for_load_state("networkidle")
    assert results.inner_text() == "1 indépendant"
    assert page.get_by_label("Django (1)").is_checked()
    assert page.locator(".profile-card").inner_text().startswith("C")  # Claire Martin

    # The shared URL gives the same page.
    shared = page.url
    page.goto(shared.replace(page.base_url, ""))
    assert page.locator("h2#results-title").inner_text() == "1 indépendant"
    assert page.get_by_label("Mots-clés").input_value() == "python"
    assert page.console_errors == []


def test_skill_suggestions_appear_while_typing(page, people):
    page.goto("/annuaire/")
    page.get_by_label("Mots-clés").press_sequentially("dév", delay=50)
    # (a locator wait: a string predicate would be evaluated in the page, which the
    # site's Content-Security-Policy forbids)
    page.locator("#directory-q-suggestions option").first.wait_for(state="attached")
    values = page.eval_on_selector_all(
        "#directory-q-suggestions option", "options => options.map(o => o.value)"
    )
    assert "Développement mobile" in values


def test_search_pages_have_no_axe_violations(page, people):
    found = problems_on(
        page,
        [
            "/annuaire/",
            "/annuaire/?q=python&skill=python&commune=Aurillac&radius_km=20",
            "/recherche/?q=aurillac",
        ],
    )
    assert found == {path: [] for path in found}
