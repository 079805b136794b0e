"""Applying as a vendor and joining one by invitation, through the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, application_data, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services
from vendors.models import Vendor, VendorInvitation, VendorMember

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    data = application_data(name="Kaffeehaus", email="shop@kaffeehaus.test", **overrides)
    data["intended_categories"] = [str(i) for i in data["intended_categories"]]
    return data


def test_apply_creates_the_vendor_in_applied_with_the_user_as_owner():
    CategoryFactory()
    user = UserFactory()
    client = browser(user)
    assert client.get("/seller/apply/").status_code == 200
    response = client.post("/seller/apply/", _form())
    vendor = Vendor.objects.get(name="Kaffeehaus")
    assert response.status_code == 302 and response["Location"] == f"/seller/?vendor={vendor.id}"
    assert vendor.status == "applied" and vendor.iban == "DE89370400440532013000"
    assert VendorMember.objects.get(vendor=vendor).user == user
    assert "Applied" in client.get(response["Location"]).content.decode()


def test_apply_with_bad_fields_names_each_and_changes_nothing():
    CategoryFactory()
    client = browser(UserFactory())
    before = row_counts()
    response = client.post(
        "/seller/apply/", _form(iban="DE00123", vat_id="DE123", postal_code="1011", intended_categories=[])
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"iban", "vat_id", "postal_code", "intended_categories"}
    assert "IBAN" in form.errors["iban"][0]
    assert row_counts() == before


def test_apply_needs_a_login_and_speaks_german():
    assert browser().get("/seller/apply/").status_code == 302
    html = browser(UserFactory()).get("/seller/apply/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Als Verkäufer bewerben" in html and "Rechtsform" in html


def test_not_a_member_page_links_to_the_application_and_invitations():
    html = browser(UserFactory()).get("/seller/").content.decode()
    assert "/seller/apply/" in html and "/seller/invitations/accept/" in html


@pytest.fixture
def invitation():
    vendor, owner = make_vendor(name="Alpha")
    invitee = UserFactory(email="packer@example.test")
    _invitation, token = vendor_services.vendor_invitation_create(
        vendor=vendor, actor=owner, email=invitee.email, role="fulfilment"
    )
    return {"vendor": vendor, "owner": owner, "invitee": invitee, "token": token}


def test_invitation_link_goes_through_login_and_joins_the_vendor(invitation):
    url = f"/seller/invitations/accept/?token={invitation['token']}"
    anonymous = browser().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"] and "token" in anonymous["Location"]
    client = browser(invitation["invitee"])
    page = client.get(url)
    assert page.status_code == 200 and invitation["token"] in page.content.decode()
    response = client.post("/seller/invitations/accept/", {"token": invitation["token"]})
    assert response.status_code == 302 and response["Location"] == f"/seller/?vendor={invitation['vendor'].id}"
    assert VendorMember.objects.get(vendor=invitation["vendor"], user=invitation["invitee"]).role == "fulfilment"
    # Used once: the same link now says so, and changes nothing.
    before = row_counts()
    again = client.post("/seller/invitations/accept/", {"token": invitation["token"]})
    assert again.status_code == 400 and "already used" in again.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize(
    "case, expected",
    [
        ("expired", "expired"),
        ("unknown", "not valid"),
        ("other_account", "another e-mail address"),
        ("empty", "This field is required"),
    ],
)
def test_invitation_that_cannot_be_accepted_says_why_and_changes_nothing(invitation, case, expected):
    user, token = invitation["invitee"], invitation["token"]
    if case == "expired":
        VendorInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    elif case == "unknown":
        token = "no-such-token"
    elif case == "other_account":
        user = UserFactory(email="someone@else.test")
    elif case == "empty":
        token = ""
    before = row_counts()
    response = browser(user).post("/seller/invitations/accept/", {"token": token})
    assert response.status_code == 400 and expected in response.content.decode()
    assert row_counts() == before


def test_invitation_page_speaks_german(invitation):
    html = browser(invitation["invitee"]).get("/seller/invitations/accept/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Einladung annehmen" in html


def test_a_newcomer_registers_from_the_invitation_link_and_comes_back_to_accept(invitation):
    from django.contrib.auth import get_user_model

    target = f"/seller/invitations/accept/?token={invitation['token']}"
    client = browser()
    login_page = client.get(browser().get(target)["Location"]).content.decode()
    assert "/register/?next=" in login_page
    response = client.post(
        "/register/", {"email": "new.packer@example.test", "password": "a-long-pass-phrase-9", "next": target}
    )
    assert response.status_code == 302 and response["Location"] == target
    assert get_user_model().objects.filter(email="new.packer@example.test").exists()
    # Someone else's site is not a place to come back to.
    other = browser().post(
        "/register/", {"email": "x@example.test", "password": "a-long-pass-phrase-9", "next": "https://evil.test/"}
    )
    assert other["Location"] == "/account/"
