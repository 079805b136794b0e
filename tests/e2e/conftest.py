"""A real Chromium (Debian's package) driven by Playwright, for the browser walkthroughs."""
import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# Pictures of the main pages for a person to look at (ignored by git).
SCREENSHOTS = Path(__file__).parent / "screenshots"
LOCALES = {"en": "en-GB", "de": "de-DE"}


@pytest.fixture
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # With Playwright's event loop running, Django keeps this test's database connections
        # per loop context; close them here, or they outlive the test database.
        connections.close_all()


@pytest.fixture
def new_page(chromium):
    """Pages in separate browser contexts (own cookies), one per person; ``language``: en or de."""

    def make(language: str = "en"):
        context = chromium.new_context(locale=LOCALES[language], viewport={"width": 1280, "height": 900})
        return context.new_page()

    return make


@pytest.fixture
def page(new_page):
    return new_page("en")


def log_in(page, user, *, language: str = "en") -> None:
    """Fill the login form the page shows now (after a redirect to it)."""
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in" if language == "en" else "Anmelden").click()


def screenshot(page, name: str, *, language: str = "en") -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{language}-{name}.png"), full_page=True)
