"""Two-factor login: required for operators on the console, the admin and the operator API;
offered to vendor owners (opt-in), then required at their login; recovery codes work once."""

import base64

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace.models import AuditLogEntry
from tests.conftest import row_counts
from tests.factories import PASSWORD, login_operator, make_operator, make_vendor, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_code_backoff(settings):
    """django-otp makes each wrong code double the wait before the next try (1 s, 2 s, ...); these
    tests try right after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def browser(user=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)  # a password login: no second factor yet
    return client


def code_for_secret(secret: str) -> str:
    """What the authenticator app shows after scanning the set-up page's key."""
    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def secret_on(page) -> str:
    html = page.content.decode()
    return html.split('data-testid="totp-secret">', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize("path", ["/console/", "/console/payouts/", "/admin/", "/admin/marketplace/auditlogentry/"])
def test_an_operator_without_a_device_is_sent_to_set_one_up(path):
    client = browser(make_operator())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/setup/?next=")


def test_operator_sets_up_totp_then_the_console_opens():
    operator = make_operator()
    client = browser(operator)
    page = client.get("/account/2fa/setup/?next=/console/")
    assert page.status_code == 200 and b"<svg" in page.content  # the QR code, inline
    before = row_counts()
    wrong = client.post("/account/2fa/setup/", {"code": "000000", "next": "/console/"})
    assert wrong.status_code == 200 and b"This code is not correct" in wrong.content
    assert row_counts() == before and not TOTPDevice.objects.filter(user=operator, confirmed=True).exists()
    assert client.get("/console/").status_code == 302

    done = client.post("/account/2fa/setup/", {"code": code_for_secret(secret_on(page)), "next": "/console/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code.encode() in done.content for code in codes)
    assert client.get("/console/").status_code == 200
    assert AuditLogEntry.objects.filter(action="security.two_factor_enabled", object_id=str(operator.id)).exists()


def test_operator_with_a_device_enters_a_code_after_login():
    operator = make_operator()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert (
        client.post("/login/", {"username": operator.username, "password": PASSWORD, "next": "/console/"}).status_code
        == 302
    )
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/verify/")

    wrong = client.post("/account/2fa/verify/", {"code": "123456", "next": "/console/"})
    assert wrong.status_code == 400 and "code" in wrong.context["form"].errors
    assert client.get("/console/").status_code == 302

    right = client.post("/account/2fa/verify/", {"code": totp_code(device), "next": "/console/"})
    assert right.status_code == 302 and right["Location"] == "/console/"
    assert client.get("/console/").status_code == 200
    assert client.get("/admin/marketplace/auditlogentry/").status_code == 200
    # A new login is a new session: the code is asked again.
    client.post("/logout/")
    client.post("/login/", {"username": operator.username, "password": PASSWORD})
    assert client.get("/console/").status_code == 302


def test_an_off_site_next_is_not_followed():
    operator = make_operator()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    client = browser(operator)
    response = client.post("/account/2fa/verify/", {"code": totp_code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/account/2fa/"


def test_operator_api_needs_a_verified_session_and_refuses_basic_auth():
    operator = make_operator()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    client = browser(operator)
    refused = client.get("/api/operator/vendors/")
    assert refused.status_code == 403 and "second factor" in refused.json()["detail"]
    basic = Client().get(
        "/api/operator/vendors/",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{operator.username}:{PASSWORD}".encode()).decode(),
    )
    assert basic.status_code in (401, 403)

    assert client.post("/api/auth/2fa/verify/", {"code": "999999"}, content_type="application/json").status_code == 400
    assert (
        client.post("/api/auth/2fa/verify/", {"code": totp_code(device)}, content_type="application/json").status_code
        == 204
    )
    assert client.get("/api/operator/vendors/").status_code == 200


def test_login_operator_helper_gives_a_verified_session():
    client = login_operator(Client(), make_operator())
    assert client.get("/console/").status_code == 200
    assert client.get("/api/operator/vendors/").status_code == 200


def test_buyers_and_vendors_without_two_factor_are_not_asked():
    vendor, owner = make_vendor(name="Ohne")
    client = browser(owner)
    assert client.get(f"/seller/?vendor={vendor.id}").status_code == 200
    assert client.get("/api/accounts/me/").status_code == 200


def test_vendor_owner_opts_in_from_the_seller_portal_and_needs_the_code_at_login():
    vendor, owner = make_vendor(name="Sicher")
    client = browser(owner)
    portal = client.get(f"/seller/?vendor={vendor.id}")
    assert b'href="/account/2fa/"' in portal.content
    assert b"/account/2fa/setup/" in client.get("/account/2fa/").content
    page = client.get("/account/2fa/setup/")
    codes = client.post("/account/2fa/setup/", {"code": code_for_secret(secret_on(page))}).context["codes"]

    again = Client(HTTP_ACCEPT_LANGUAGE="en")
    again.post("/login/", {"username": owner.username, "password": PASSWORD})
    assert again.get(f"/seller/?vendor={vendor.id}")["Location"].startswith("/account/2fa/verify/")
    assert again.get("/api/accounts/me/").status_code == 403
    # A recovery code instead of the app: works once.
    assert again.post("/account/2fa/verify/", {"code": codes[0]}).status_code == 302
    assert again.get(f"/seller/?vendor={vendor.id}").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    third = Client(HTTP_ACCEPT_LANGUAGE="en")
    third.post("/login/", {"username": owner.username, "password": PASSWORD})
    assert third.post("/account/2fa/verify/", {"code": codes[0]}).status_code == 400


def test_vendor_owner_turns_it_off_with_a_code_operators_cannot():
    vendor, owner = make_vendor(name="Aus")
    device = TOTPDevice.objects.create(user=owner, name="authenticator", confirmed=True)
    client = browser(owner)
    client.post("/account/2fa/verify/", {"code": totp_code(device)})
    assert client.post("/account/2fa/disable/", {"code": "000000"}).status_code == 400
    device.refresh_from_db()
    device.last_t = -1  # each code works once: as if the app had moved on to the next one
    device.save()
    assert client.post("/account/2fa/disable/", {"code": totp_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert AuditLogEntry.objects.filter(action="security.two_factor_disabled", object_id=str(owner.id)).exists()

    operator = make_operator()
    op_client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator)
    op_device = TOTPDevice.objects.get(user=operator)
    assert op_client.post("/account/2fa/disable/", {"code": totp_code(op_device)}).status_code == 400
    assert TOTPDevice.objects.filter(user=operator).exists()


@pytest.mark.parametrize(
    "language,words",
    [
        ("en", ["Set up two-factor login", "authenticator app"]),
        ("de", ["Zwei-Faktor-Anmeldung einrichten", "Authenticator-App"]),
    ],
)
def test_two_factor_pages_in_english_and_german(language, words):
    operator = make_operator()
    client = browser(operator, language)
    page = client.get("/account/2fa/setup/").content.decode()
    assert all(word in page for word in words), page
    TOTPDevice.objects.filter(user=operator).update(confirmed=True)
    verify = client.get("/account/2fa/verify/").content.decode()
    assert ("Two-factor login" if language == "en" else "Zwei-Faktor-Anmeldung") in verify
