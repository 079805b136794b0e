"""A real Chromium (Debian's package) driven by Playwright, for the browser walkthroughs and the
page judge (tests/e2e/harness.py).

One Chromium per test session (``chromium``), a fresh browser context per test (``new_page`` /
``new_context``: own cookies, closed after the test). The screenshot folder is emptied once per
run (with pytest-xdist: once for all workers of the run), so every picture in it is from this run.
"""

import fcntl
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Pictures of the pages for a person to look at (ignored by git), written fresh on every run.
SCREENSHOTS = Path(__file__).parent / "screenshots"
LOCALES = {"en": "en-GB", "de": "de-DE"}
# One id per test run, shared by the xdist workers of the run (the controller sets it).
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def fresh_screenshot_folder(folder: Path = SCREENSHOTS, run_id: str = RUN_ID) -> Path:
    """Empty ``folder`` once per run: the first process of a run to get here empties it and leaves
    the run's id in it; the others (xdist workers of the same run) find the id and keep it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / ".screenshots.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = folder / ".run"
        if not marker.exists() or marker.read_text() != run_id:
            for item in folder.iterdir():
                shutil.rmtree(item) if item.is_dir() else item.unlink()
            marker.write_text(run_id)
    return folder


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    return fresh_screenshot_folder()


@pytest.fixture(scope="session")
def chromium(screenshots_dir):
    """The session's one Chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    connections.close_all()


@pytest.fixture
def new_context(chromium):
    """Fresh browser contexts (own cookies) for this test, closed after it; ``language``: en or de."""
    contexts = []

    def make(language: str = "en", viewport=None):
        context = chromium.new_context(locale=LOCALES[language], viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    # With Playwright's event loop running, Django keeps this test's database connections per loop
    # context; close them here, or they outlive the test database.
    connections.close_all()


@pytest.fixture
def new_page(new_context):
    """Pages in separate browser contexts (own cookies), one per person; ``language``: en or de."""

    def make(language: str = "en"):
        return new_context(language).new_page()

    return make


@pytest.fixture
def page(new_page):
    return new_page("en")


def log_in(page, user, *, language: str = "en") -> None:
    """Fill the login form the page shows now (after a redirect to it)."""
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in" if language == "en" else "Anmelden").click()


def screenshot(page, name: str, *, language: str = "en") -> Path:
    """A full-page picture of ``page`` in this run's screenshot folder; returns its path."""
    path = fresh_screenshot_folder() / f"{language}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
