"""Security headers, login lockout, rate limits on search and checkout, and a clean
``check --deploy`` with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from marketplace.security.throttles import RouteThrottle
from tests.conftest import client_for, row_counts
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_and_api_send_the_security_headers():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for url in ("/login/", "/api/categories/"):
        response = client.get(url)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_the_storefront_runs_no_inline_script_the_policy_would_block():
    """Every <script> in the templates either loads a file of ours or is a JSON-LD data block."""
    offending = []
    for template in (ROOT / "frontend").rglob("templates/**/*.html"):
        for tag in re.findall(r"<script[^>]*>", template.read_text()):
            if "src=" not in tag and "application/ld+json" not in tag:
                offending.append(f"{template.name}: {tag}")
            if re.search(r"src=\"(https?:)?//", tag):
                offending.append(f"{template.name}: {tag} (a script from another origin)")
        assert not re.search(r"\son(click|change|submit|load|input)=", template.read_text()), template.name
    assert not offending, offending


def test_api_docs_get_the_relaxed_policy_for_swagger_ui():
    response = Client().get("/api/docs/")
    assert "https://cdn.jsdelivr.net" in response["Content-Security-Policy"]


def test_wrong_passwords_lock_the_account_for_that_address(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="lock@example.test")
    api = Client(HTTP_ACCEPT_LANGUAGE="en")

    def login(password):
        return api.post(
            "/api/accounts/login/",
            {"email": "lock@example.test", "password": password},
            content_type="application/json",
        )

    # The third failure reaches the limit and is already answered as a lockout.
    assert [login("falsch").status_code for _ in range(3)] == [400, 400, 429]
    # Locked: even the right password is refused now, with 429 and when to come back (the
    # cool-off), not the "not correct" 400; the session stays anonymous.
    locked = login(PASSWORD)
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert "locked" in locked.json()["detail"]
    assert api.get("/api/accounts/me/").status_code in (401, 403)
    # The login page is guarded by the same lockout.
    page = Client().post("/login/", {"username": "lock@example.test", "password": PASSWORD})
    assert page.status_code == 429


def test_another_account_from_the_same_address_is_not_locked(settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="a@example.test")
    UserFactory(username="b@example.test")
    api = Client()
    for _ in range(2):
        api.post("/api/accounts/login/", {"email": "a@example.test", "password": "x"}, content_type="application/json")
    response = api.post(
        "/api/accounts/login/", {"email": "b@example.test", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200


@pytest.fixture
def small_limits(monkeypatch):
    """Rates as settings would give them (THROTTLE_SEARCH / THROTTLE_CHECKOUT), small enough to reach."""
    monkeypatch.setattr(
        RouteThrottle, "THROTTLE_RATES", {**RouteThrottle.THROTTLE_RATES, "search": "3/min", "checkout": "2/min"}
    )


def test_search_is_rate_limited_with_retry_after(small_limits, search_index):
    from search.indexing import ensure_index

    ensure_index()
    api = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = [api.get("/api/search/products/", {"q": "helm"}) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429 and int(answers[3]["Retry-After"]) > 0
    # Autocomplete shares the search budget; another client has its own.
    assert api.get("/api/search/autocomplete/", {"q": "he"}).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/search/autocomplete/", {"q": "he"}).status_code == 200


def test_checkout_is_rate_limited_per_buyer_and_changes_nothing(small_limits):
    buyer = UserFactory()
    api = client_for(buyer)
    body = {
        "payment_method": "invoice",
        "shipping_address": {"name": "A", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"},
    }
    before = row_counts()
    answers = [api.post("/api/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY=f"k{i}") for i in range(3)]
    assert [a.status_code for a in answers[:2]] == [400, 400]  # an empty cart, as far as checkout gets
    assert answers[2].status_code == 429 and int(answers[2]["Retry-After"]) > 0
    assert row_counts() == before
    # Other routes are not limited by it.
    assert api.get("/api/cart/").status_code == 200


def test_deploy_check_is_clean_with_production_settings():
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "shop.example.com",
        "DATABASE_URL": "postgresql://shop:secret@db:5432/shop",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "1",
        "BEHIND_TLS_PROXY": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    issues = [line for line in (result.stdout + result.stderr).splitlines() if re.match(r"^\?: \(|^[\w.]+: \(", line)]
    # Every finding must be absent, drf-spectacular's schema warnings (W001) included: component
    # and enum names are unique (marketplace/security/openapi_names.py).
    assert result.returncode == 0, result.stdout + result.stderr
    assert not issues, issues
