"""Cookie consent: nothing non-essential is set before consent; the choice is stored with time
and banner version; the privacy page lists the record of processing, in German and English."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from buyers.consent import CookieConsentMiddleware
from buyers.models import ConsentRecord
from tests.conftest import row_counts

pytestmark = pytest.mark.django_db


def _response_setting(cookies):
    def view(request):
        response = HttpResponse("ok")
        for name in cookies:
            response.set_cookie(name, "1")
        return response

    return view


def _run(cookie_header: dict, cookies=("recently_viewed", "_pk_id", "tracker", "csrftoken")):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookie_header)
    return CookieConsentMiddleware(_response_setting(cookies))(request)


def test_banner_shown_until_a_choice_and_then_gone(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="cookie-banner"' in page
    response = client.post("/cookies/consent/", {"choice": "necessary", "next": "/privacy/"})
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert 'data-testid="cookie-banner"' not in client.get("/privacy/").content.decode()


def test_only_essential_cookies_without_consent():
    response = _run({})
    assert set(response.cookies) == {"csrftoken"}  # recently_viewed, _pk_id and an unknown one are dropped


def test_granted_categories_let_their_cookies_through(client):
    response = client.post("/cookies/consent/", {"choice": "all", "next": "/"})
    value = response.cookies["cookie_consent"].value
    record = ConsentRecord.objects.get()
    assert record.categories == ["analytics", "preferences"] and record.version == "1" and record.created_at
    assert value.startswith(record.consent_id + "|1|")
    assert set(_run({"cookie_consent": value}).cookies) == {"recently_viewed", "_pk_id", "csrftoken"}
    # Only necessary: a new record, and the optional cookies are blocked again.
    value = client.post("/cookies/consent/", {"choice": "necessary"}).cookies["cookie_consent"].value
    assert ConsentRecord.objects.count() == 2 and ConsentRecord.objects.first().categories == []
    assert set(_run({"cookie_consent": value}).cookies) == {"csrftoken"}


def test_consent_of_an_old_banner_version_does_not_count(settings):
    settings.COOKIE_CONSENT_VERSION = "2"
    assert set(_run({"cookie_consent": "abc|1|analytics,preferences"}).cookies) == {"csrftoken"}


def test_an_unsafe_redirect_goes_home_and_a_get_changes_nothing(client):
    before = row_counts()
    assert client.get("/cookies/consent/").status_code == 405
    assert row_counts() == before
    assert client.post("/cookies/consent/", {"choice": "all", "next": "https://evil.example/"})["Location"] == "/"


@pytest.mark.parametrize(
    "language, needles",
    [
        (
            "de",
            [
                "Datenschutzerklärung",
                "Rechtsgrundlage",
                "Speicherdauer",
                "10 Jahre (§ 147 AO, § 257 HGB)",
                "Einwilligung",
            ],
        ),
        (
            "en",
            [
                "Privacy notice",
                "Legal basis",
                "Retention",
                "10 years (§ 147 AO, § 257 HGB)",
                "Consent (Art. 6(1)(a) GDPR",
            ],
        ),
    ],
)
def test_privacy_page_lists_the_record_of_processing(client, language, needles):
    text = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for needle in needles:
        assert needle in text, needle
