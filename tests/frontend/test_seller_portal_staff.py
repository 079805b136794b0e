"""Role changes and member removal on the seller's staff page."""

import pytest

from tests.conftest import row_counts
from tests.frontend.test_pages import browser
from tests.frontend.test_seller_portal import _member, orders  # noqa: F401 (fixture)
from vendors.models import VendorMember

pytestmark = pytest.mark.django_db


def _member_row(vendor, user):
    return VendorMember.objects.get(vendor=vendor, user=user)


def test_owner_changes_a_role_and_removes_a_member(orders):  # noqa: F811
    packer = _member(orders["alpha"], orders["alpha_owner"], "fulfilment")
    member = _member_row(orders["alpha"], packer)
    client = browser(orders["alpha_owner"])
    assert (
        client.post(f"/seller/staff/members/{member.id}/role/", {f"member-{member.id}-role": "manager"}).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.role == "manager"
    # The new role takes effect: a manager lists offers, which fulfilment could not.
    assert browser(packer).get("/seller/listings/new/").status_code == 200
    assert client.post(f"/seller/staff/members/{member.id}/remove/").status_code == 302
    assert not VendorMember.objects.filter(id=member.id).exists()
    assert browser(packer).get("/seller/orders/").status_code == 404


@pytest.mark.parametrize("role, reason", [("emperor", "not one of the available choices"), ("", "required")])
def test_bad_role_names_the_field_and_changes_nothing(orders, role, reason):  # noqa: F811
    member = _member_row(orders["alpha"], _member(orders["alpha"], orders["alpha_owner"], "fulfilment"))
    before = row_counts()
    response = browser(orders["alpha_owner"]).post(
        f"/seller/staff/members/{member.id}/role/", {f"member-{member.id}-role": role}
    )
    assert response.status_code == 400
    forms = dict(response.context["members"])
    assert reason in forms[member].errors["role"][0]
    assert row_counts() == before


def test_the_last_owner_cannot_step_down_or_leave(orders):  # noqa: F811
    owner = _member_row(orders["alpha"], orders["alpha_owner"])
    client = browser(orders["alpha_owner"])
    before = row_counts()
    response = client.post(f"/seller/staff/members/{owner.id}/role/", {f"member-{owner.id}-role": "manager"})
    assert response.status_code == 400 and "last owner" in response.content.decode()
    removed = client.post(f"/seller/staff/members/{owner.id}/remove/", follow=True)
    assert "last owner" in removed.content.decode()
    assert row_counts() == before
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_another_vendors_member_is_a_404_and_only_owners_manage_staff(orders):  # noqa: F811
    beta_member = _member_row(orders["beta"], orders["beta_owner"])
    client = browser(orders["alpha_owner"])
    manager = _member(orders["alpha"], orders["alpha_owner"], "manager")
    before = row_counts()
    assert (
        client.post(
            f"/seller/staff/members/{beta_member.id}/role/", {f"member-{beta_member.id}-role": "manager"}
        ).status_code
        == 404
    )
    assert client.post(f"/seller/staff/members/{beta_member.id}/remove/").status_code == 404
    owner = _member_row(orders["alpha"], orders["alpha_owner"])
    assert browser(manager).post(f"/seller/staff/members/{owner.id}/remove/").status_code == 403
    assert browser(manager).post(f"/seller/staff/members/{beta_member.id}/remove/").status_code == 404
    assert row_counts() == before


def test_staff_page_speaks_german(orders):  # noqa: F811
    html = browser(orders["alpha_owner"]).get("/seller/staff/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Rolle ändern" in html and "Entfernen" in html
