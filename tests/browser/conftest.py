"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Nothing leaves the machine: every request that is not to the live server is
answered locally (map tiles get a blank image) so the tests need no network.
"""

import os
from pathlib import Path

import pytest

from tests.services import chromium_path, unavailable

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BLANK_TILE = (
    Path(__file__).resolve().parents[2] / "static" / "img" / "tile-blank.png"
).read_bytes()
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        unavailable("BROWSER", "no Chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("BROWSER", "the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, tab, base_url):
        self.tab = tab
        self.base_url = base_url
        self.console_errors = []
        tab.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        tab.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def goto(self, path):
        response = self.tab.goto(self.base_url + path)
        self.tab.wait_for_load_state("networkidle")
        return response

    def __getattr__(self, name):
        return getattr(self.tab, name)


@pytest.fixture
def page(browser, live_server, settings):
    # The site's one public base URL is the live server's, as `make run` sets it from
    # HOST/PORT: the links of emails and feeds lead back to it.
    from portal.base_url import sync_default_site

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    sync_default_site()
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})

    def route(route):
        url = route.request.url
        if url.startswith(live_server.url):
            return route.continue_()
        if "tile" in url or url.endswith(".png"):
            return route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
        return route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    yield Page(tab, live_server.url)
    context.close()


def axe_violations(page):
    """Runs axe-core (the copy shipped in axe-playwright-python) on the page; returns violations."""
    import axe_playwright_python

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    page.tab.evaluate(script)
    result = page.tab.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def problems_on(page, paths):
    """Opens each path in turn; ``{path: problems}``, the problems being axe-core's violations
    and the console errors the page raised (an empty list for a clean page)."""
    found = {}
    for path in paths:
        assert page.goto(path).status == 200, path
        found[path] = axe_violations(page) + page.console_errors
        page.console_errors.clear()
    return found


def path_of(url):
    """The path of an absolute link (an email's), to open it on the live server."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def mail_to(smtp_server, address, subject, timeout=10):
    """The first email to ``address`` whose subject contains ``subject``, once it arrives."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if address in message["to"] and subject in str(message["message"]["Subject"]):
                return message
        time.sleep(0.05)
    raise AssertionError(f"no email to {address} about « {subject} »")
