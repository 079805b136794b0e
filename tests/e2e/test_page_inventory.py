"""Every page of the three surfaces, visited by its audience on the seeded demo world, in German
and in English, at 1366 and 390 px, through the page judge (tests/e2e/harness.py); list pages
again on an empty world. Routes that are not pages get a light check.

Parts run alone, e.g.:
  pytest tests/e2e/test_page_inventory.py -k "seller and de"
  pytest "tests/e2e/test_page_inventory.py::test_pages[console-en]"

Each test prints how many routes and pages it visited and how long they took, writes its
verdicts to tests/e2e/screenshots/findings/<test>.json (python -m tests.e2e.findings renders
them as a Markdown list) and fails with every problem of every page it visited.
"""

from __future__ import annotations

import json
import re
import sys
import time

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer

from tests.e2e.harness import assert_ok, judge
from tests.e2e.inventory import ANON, NOT_PAGES, PAGES, SURFACES, frontend_routes, url_for
from tests.e2e.inventory_world import Worlds

# The worlds are committed rows shared by the module's tests, written by a thread of their own
# (see Worlds); the mark only makes pytest-django set the test database up.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("page-inventory"), pytest.mark.django_db]
LANGUAGES = ("de", "en")


# ------------------------------------------------------------------------------ the inventory itself


def test_every_frontend_route_is_in_the_inventory():
    routes = frontend_routes()
    assert len(routes) > 100, f"only {len(routes)} routes found in the 'frontend' namespace"
    missing = sorted(
        f"{r.name} ({r.route})" for r in routes.values() if r.name not in PAGES and r.name not in NOT_PAGES
    )
    both = sorted(set(PAGES) & set(NOT_PAGES))
    stale = sorted((set(PAGES) | set(NOT_PAGES)) - set(routes))
    assert not missing, (
        "routes of the 'frontend' namespace without an entry in tests/e2e/inventory.py (add a Page: who visits it and "
        f"how its URL is filled, or a NotAPage: why it is not a page): {', '.join(missing)}"
    )
    assert not both, f"in both PAGES and NOT_PAGES: {both}"
    assert not stale, f"inventory entries for routes that do not exist (any more): {stale}"


def test_the_inventory_fails_a_route_it_does_not_know(monkeypatch):
    """The check above is not vacuous: a route the inventory lacks is named."""
    monkeypatch.setattr(sys.modules[__name__], "PAGES", {k: v for k, v in PAGES.items() if k != "cart"})
    with pytest.raises(AssertionError, match=r"without an entry .*: cart \(cart/\)"):
        test_every_frontend_route_is_in_the_inventory()


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def _db_open(django_db_setup, django_db_blocker):
    """The worlds and the live server's thread use the test database outside pytest-django's
    per-test transactions."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def worlds(_db_open):
    worlds = Worlds()
    yield worlds
    worlds.close()


@pytest.fixture(scope="module")
def server(_db_open):
    """A live server of the module's own (pytest-django's ``live_server`` would make every test
    transactional, and flush the world after the first one)."""
    live = LiveServer("localhost")
    live._live_server_modified_settings.enable()
    yield live
    live._live_server_modified_settings.disable()
    live.stop()


def _context(new_context, server, world, audience: str, language: str):
    context = new_context(language)
    cookie = world.sessions[audience]
    if cookie:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    return context


def _visits(surface: str, world_kind: str):
    """(route, Page, audience, expected status) of one surface, in the inventory's order."""
    routes = frontend_routes()
    for name, page in PAGES.items():
        route = routes.get(name)
        if route is None or route.surface != surface:
            continue
        if world_kind == "empty" and (not page.empty or page.kwargs):
            continue
        audiences = [
            a for a in page.audiences if world_kind == "seeded" or a in {ANON, "buyer", "seller owner", "operator"}
        ]
        if world_kind == "empty":
            audiences = audiences[:1]  # the list's main audience
        for audience in audiences:
            yield route, page, audience, page.status
        if world_kind == "seeded":
            for audience in page.refused:
                yield route, page, audience, 403


def _record(name: str, verdicts, seconds: float, screenshots_dir) -> None:
    folder = screenshots_dir / "findings"
    folder.mkdir(exist_ok=True)
    rows = [
        {
            "name": v.name,
            "language": v.language,
            "url": v.url,
            "status": v.status,
            "seconds": round(v.seconds, 2),
            "problems": v.problems,
        }
        for v in verdicts
    ]
    file_name = re.sub(r"[^\w.-]+", "_", name)
    (folder / f"{file_name}.json").write_text(
        json.dumps({"test": name, "seconds": round(seconds, 1), "pages": rows}, indent=1)
    )


def _walk(world_kind, surface, language, worlds, server, new_context, screenshots_dir, request):
    world = worlds.get(world_kind)
    started = time.monotonic()
    contexts, verdicts, routes = {}, [], set()
    folder = screenshots_dir / world_kind / surface
    for route, page, audience, status in _visits(surface, world_kind):
        if audience not in contexts:
            contexts[audience] = _context(new_context, server, world, audience, language).new_page()
        url = server.url + url_for(route, page.kwargs(world) if page.kwargs else None, page.query)
        label = f"{route.name} as {audience}" + (" (refused)" if status == 403 else "")
        verdicts.append(judge(contexts[audience], url, language, name=label, expect_status=status, screenshots=folder))
        routes.add(route.name)
    seconds = time.monotonic() - started
    _record(request.node.name, verdicts, seconds, screenshots_dir)
    per_page = seconds / len(verdicts) if verdicts else 0
    print(
        f"\n{world_kind} {surface} [{language}]: {len(routes)} routes, {len(verdicts)} page visits, "
        f"{seconds:.1f} s ({per_page:.2f} s per page), {sum(not v.ok for v in verdicts)} with problems"
    )
    assert verdicts, f"no pages of {surface} in the inventory"
    assert_ok(*verdicts)


# ------------------------------------------------------------------------------ the walks


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("surface", SURFACES)
def test_pages(surface, language, worlds, server, new_context, screenshots_dir, request):
    """Every page of the surface, as each of its audiences, on the seeded demo world."""
    _walk("seeded", surface, language, worlds, server, new_context, screenshots_dir, request)


@pytest.mark.parametrize("surface", SURFACES)
def test_routes_that_are_not_pages(surface, worlds, server, new_context):
    """Actions answer GET with 405; downloads and machine files answer 200 with their type."""
    world = worlds.get("seeded")
    routes = frontend_routes()
    problems, checked = [], 0
    requests = {}
    for name, entry in NOT_PAGES.items():
        route = routes.get(name)
        if route is None or route.surface != surface:
            continue
        if entry.audience not in requests:
            requests[entry.audience] = _context(new_context, server, world, entry.audience, "en").request
        url = server.url + url_for(route, entry.kwargs(world) if entry.kwargs else None, entry.query)
        response = requests[entry.audience].get(url, max_redirects=0)
        checked += 1
        content_type = response.headers.get("content-type", "")
        if response.status != entry.status:
            problems.append(
                f"{name} ({entry.why}) as {entry.audience}: GET {url} answered {response.status}, expected {entry.status}"
            )
        elif entry.content_type and not content_type.startswith(entry.content_type):
            problems.append(f"{name} ({entry.why}): Content-Type {content_type!r}, expected {entry.content_type}")
        elif entry.why == "download" and not response.body():
            problems.append(f"{name} (download): empty body")
    print(f"\n{surface}: {checked} routes that are not pages checked")
    assert checked, f"no non-page routes of {surface} in the inventory"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("surface", SURFACES)
def test_empty_states(surface, language, worlds, server, new_context, screenshots_dir, request):
    """Every list page of the surface with nothing to show: 200, a clean page, no error."""
    _walk("empty", surface, language, worlds, server, new_context, screenshots_dir, request)
