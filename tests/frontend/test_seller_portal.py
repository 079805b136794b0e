"""Seller portal pages: orders to fulfil, returns, payouts and statements, staff.

Each page acts for the user's vendor; another vendor's ids are a 404, a role that does not
allow the step is a 403 page, and rejected input changes nothing.
"""

from datetime import date

import pytest

from buyers import returns
from buyers.services import cart_item_add, checkout_place
from marketplace.models import VendorOrder
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser
from vendors import services as vendor_services
from vendors.models import Offer, VendorInvitation
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    """One buyer order with a part for Alpha (2 + 1 items on two lines) and one for Beta."""
    category = CategoryFactory()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    kettle = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Wasserkocher", price=2999, stock=5)
    toaster = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Toaster", price=1999, stock=5)
    mug = make_offer(vendor=beta, owner=beta_owner, category=category, title="Tasse", price=599, stock=5)
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=kettle.id, quantity=2)
    cart_item_add(buyer=buyer, offer_id=toaster.id, quantity=1)
    cart_item_add(buyer=buyer, offer_id=mug.id, quantity=1)
    order = checkout_place(buyer=buyer, idempotency_key="portal", payment_method="invoice", shipping_address=ADDRESS)
    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    return {
        "alpha": alpha,
        "alpha_owner": alpha_owner,
        "beta": beta,
        "beta_owner": beta_owner,
        "buyer": buyer,
        "order": order,
        "alpha_part": parts[alpha.id],
        "beta_part": parts[beta.id],
        "kettle": kettle,
        "toaster": toaster,
    }


def _member(vendor, owner, role):
    user = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
    return user


def _delivered_return(data):
    part = data["beta_part"]
    vendor_order_ship(
        vendor=data["beta"],
        actor=data["beta_owner"],
        vendor_order_id=part.id,
        carrier="dhl",
        tracking_number="003404341111",
    )
    vendor_order_mark_delivered(vendor=data["beta"], actor=data["beta_owner"], vendor_order_id=part.id)
    line = part.lines.get()
    return returns.return_request(
        buyer=data["buyer"],
        number=data["order"].number,
        vendor_order_id=part.id,
        lines=[(line.id, 1)],
        reason="damaged",
    )


def test_orders_list_and_detail_show_only_the_own_part(orders):
    client = browser(orders["alpha_owner"])
    page = client.get("/seller/orders/")
    assert page.status_code == 200
    html = page.content.decode()
    assert orders["order"].number in html and "Wasserkocher" in html and "Tasse" not in html
    assert client.get("/seller/orders/", {"status": "open"}).status_code == 200
    assert orders["order"].number not in client.get("/seller/orders/", {"status": "delivered"}).content.decode()
    detail = client.get(f"/seller/orders/{orders['alpha_part'].id}/")
    assert detail.status_code == 200 and "Toaster" in detail.content.decode()
    # Beta's part of the same order is another tenant's object: 404, as if missing.
    assert client.get(f"/seller/orders/{orders['beta_part'].id}/").status_code == 404
    assert client.get("/seller/orders/999999/").status_code == 404
    # Not a member of any vendor: no portal.
    assert browser(UserFactory()).get("/seller/orders/").status_code == 404


def test_accept_then_ship_part_of_the_lines_then_the_rest_then_deliver(orders):
    client = browser(orders["alpha_owner"])
    part = orders["alpha_part"]
    assert client.post(f"/seller/orders/{part.id}/accept/").status_code == 302
    part.refresh_from_db()
    assert part.status == "accepted"
    kettle_line = part.lines.get(offer_id=orders["kettle"].id)
    toaster_line = part.lines.get(offer_id=orders["toaster"].id)
    response = client.post(
        f"/seller/orders/{part.id}/ship/",
        {
            "ship-carrier": "dhl",
            "ship-tracking_number": "0034 0434 2222",
            f"ship-line-{kettle_line.id}": "1",
            f"ship-line-{toaster_line.id}": "0",
        },
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == "partially_shipped"
    assert [
        (s.tracking_number, [(l.order_line_id, l.quantity) for l in s.lines.all()]) for s in part.shipments.all()
    ] == [("003404342222", [(kettle_line.id, 1)])]
    # The form now offers what is left: one kettle, one toaster.
    form = client.get(f"/seller/orders/{part.id}/").context["ship_form"]
    assert [(line.id, left) for line, left, _name in form.line_fields] == [(kettle_line.id, 1), (toaster_line.id, 1)]
    response = client.post(
        f"/seller/orders/{part.id}/ship/",
        {
            "ship-carrier": "dpd",
            "ship-tracking_number": "01234567890123",
            f"ship-line-{kettle_line.id}": "1",
            f"ship-line-{toaster_line.id}": "1",
        },
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == "shipped"
    assert client.post(f"/seller/orders/{part.id}/delivered/").status_code == 302
    part.refresh_from_db()
    assert part.status == "delivered"


def test_ship_with_bad_input_shows_the_error_and_changes_nothing(orders):
    client = browser(orders["alpha_owner"])
    part = orders["alpha_part"]
    kettle_line = part.lines.get(offer_id=orders["kettle"].id)
    everything = {f"ship-line-{line.id}": str(line.quantity) for line in part.lines.all()}
    before = row_counts()
    cases = [
        ({"ship-carrier": "dhl", "ship-tracking_number": "not-a-number"}, "tracking_number"),
        ({"ship-carrier": "pigeon", "ship-tracking_number": "003404342222"}, "carrier"),
        (
            {"ship-carrier": "dhl", "ship-tracking_number": "003404342222", f"ship-line-{kettle_line.id}": "3"},
            f"line-{kettle_line.id}",
        ),
    ]
    for data, field in cases:
        response = client.post(f"/seller/orders/{part.id}/ship/", {**everything, **data})
        assert response.status_code == 400, data
        assert field in response.context["ship_form"].errors, (field, response.context["ship_form"].errors)
    # Nothing in the parcel at all: a form-wide error.
    nothing = {f"ship-line-{line.id}": "0" for line in part.lines.all()}
    response = client.post(
        f"/seller/orders/{part.id}/ship/", {"ship-carrier": "dhl", "ship-tracking_number": "003404342222", **nothing}
    )
    assert response.status_code == 400 and response.context["ship_form"].non_field_errors()
    assert row_counts() == before
    part.refresh_from_db()
    assert part.status == "open"


def test_cancel_needs_a_reason_and_puts_the_stock_back(orders):
    client = browser(orders["alpha_owner"])
    part = orders["alpha_part"]
    before = row_counts()
    response = client.post(f"/seller/orders/{part.id}/cancel/", {"cancel-reason": "  "})
    assert response.status_code == 400 and "reason" in response.context["cancel_form"].errors
    assert row_counts() == before
    response = client.post(f"/seller/orders/{part.id}/cancel/", {"cancel-reason": "Out of stock after a fire"})
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.status, part.cancel_reason) == ("cancelled", "Out of stock after a fire")
    assert Offer.objects.get(id=orders["kettle"].id).stock == 5


def test_order_actions_on_another_vendors_part_are_404_and_change_nothing(orders):
    client = browser(orders["alpha_owner"])
    beta_part = orders["beta_part"]
    line = beta_part.lines.get()
    before = row_counts()
    for url, data in [
        ("accept/", {}),
        ("ship/", {"ship-carrier": "dhl", "ship-tracking_number": "003404343333", f"ship-line-{line.id}": "1"}),
        ("delivered/", {}),
        ("cancel/", {"cancel-reason": "no"}),
    ]:
        assert client.post(f"/seller/orders/{beta_part.id}/{url}", data).status_code == 404, url
    # Naming the other vendor explicitly does not help either.
    assert client.post(f"/seller/orders/{beta_part.id}/accept/", {"vendor": orders["beta"].id}).status_code == 404
    assert row_counts() == before
    assert VendorOrder.objects.get(id=beta_part.id).status == "open"


def test_roles_are_enforced_by_the_services_and_shown_as_a_message(orders):
    finance = _member(orders["alpha"], orders["alpha_owner"], "finance")
    client = browser(finance)
    page = client.get("/seller/orders/")
    assert page.status_code == 403 and "does not allow" in page.content.decode()
    before = row_counts()
    assert client.post(f"/seller/orders/{orders['alpha_part'].id}/accept/").status_code == 403
    assert row_counts() == before
    # A foreign id stays a 404 for this role too (the 403 would confirm it exists).
    assert client.post(f"/seller/orders/{orders['beta_part'].id}/accept/").status_code == 404
    # Finance sees the money, fulfilment does not; only owners manage staff.
    assert client.get("/seller/payouts/").status_code == 200
    assert client.get("/seller/staff/").status_code == 403
    fulfilment = _member(orders["alpha"], orders["alpha_owner"], "fulfilment")
    assert browser(fulfilment).get("/seller/payouts/").status_code == 403
    assert browser(fulfilment).get("/seller/orders/").status_code == 200


def test_returns_approve_receive_refund_and_label(orders):
    request = _delivered_return(orders)
    client = browser(orders["beta_owner"])
    page = client.get("/seller/returns/")
    assert page.status_code == 200 and f"R-{request.id}" in page.content.decode()
    before = row_counts()
    response = client.post(f"/seller/returns/{request.id}/approve/", {f"approve-{request.id}-instructions": ""})
    assert response.status_code == 400
    assert row_counts() == before
    assert (
        client.post(
            f"/seller/returns/{request.id}/approve/", {f"approve-{request.id}-instructions": "Send it to our shop."}
        ).status_code
        == 302
    )
    label = client.get(f"/seller/returns/{request.id}/label/")
    assert label.status_code == 200 and label["Content-Type"] == "application/pdf" and label.content.startswith(b"%PDF")
    assert client.post(f"/seller/returns/{request.id}/received/").status_code == 302
    line = request.lines.get()
    assert (
        client.post(
            f"/seller/returns/{request.id}/refund/", {f"refund-{request.id}-line-{line.order_line_id}": "5.99"}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == "refunded" and request.refund_id is not None


def test_return_reject_needs_a_reason_and_other_vendors_get_404(orders):
    request = _delivered_return(orders)
    alpha = browser(orders["alpha_owner"])
    before = row_counts()
    assert orders["order"].number not in alpha.get("/seller/returns/").content.decode()
    for action in ("approve/", "reject/", "received/", "refund/"):
        assert (
            alpha.post(f"/seller/returns/{request.id}/{action}", {f"reject-{request.id}-reason": "x"}).status_code
            == 404
        )
    assert alpha.get(f"/seller/returns/{request.id}/label/").status_code == 404
    beta = browser(orders["beta_owner"])
    assert beta.post(f"/seller/returns/{request.id}/reject/", {f"reject-{request.id}-reason": ""}).status_code == 400
    # Received before approval: the service refuses, the page says why, nothing changes.
    response = beta.post(f"/seller/returns/{request.id}/received/", follow=True)
    assert "cannot be received" in response.content.decode()
    assert row_counts() == before
    assert (
        beta.post(
            f"/seller/returns/{request.id}/reject/", {f"reject-{request.id}-reason": "Used beyond testing"}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert (request.status, request.reject_reason) == ("rejected", "Used beyond testing")


def test_payouts_page_and_statement_downloads(orders):
    client = browser(orders["alpha_owner"])
    page = client.get("/seller/payouts/")
    assert page.status_code == 200 and "Payout history" in page.content.decode()
    today = date.today().isoformat()
    csv = client.get("/seller/payouts/statement/", {"date_from": today, "date_to": today, "output": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert orders["order"].number in csv.content.decode()  # the order placed today is on it
    pdf = client.get("/seller/payouts/statement/", {"date_from": today, "date_to": today, "output": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = client.get("/seller/payouts/statement/", {"date_from": today, "date_to": "2000-01-01", "output": "csv"})
    assert bad.status_code == 400 and "date_to" in bad.context["statement_form"].errors
    # Beta's statement is out of reach: naming Beta is a 404.
    assert (
        client.get(
            "/seller/payouts/statement/", {"vendor": orders["beta"].id, "date_from": today, "date_to": today}
        ).status_code
        == 404
    )


def test_staff_list_and_invitations_for_owners(orders):
    client = browser(orders["alpha_owner"])
    page = client.get("/seller/staff/")
    assert page.status_code == 200 and orders["alpha_owner"].email in page.content.decode()
    before = row_counts()
    response = client.post("/seller/staff/invite/", {"email": "not-an-address", "role": "manager"})
    assert response.status_code == 400 and "email" in response.context["invitation_form"].errors
    response = client.post("/seller/staff/invite/", {"email": orders["alpha_owner"].email, "role": "manager"})
    assert response.status_code == 400 and "already a member" in response.content.decode()
    assert row_counts() == before
    assert (
        client.post("/seller/staff/invite/", {"email": "packer@example.test", "role": "fulfilment"}).status_code == 302
    )
    invitation = VendorInvitation.objects.get(vendor=orders["alpha"], email="packer@example.test")
    assert invitation.role == "fulfilment"
    # Beta's owner cannot withdraw Alpha's invitation.
    assert browser(orders["beta_owner"]).post(f"/seller/staff/invitations/{invitation.id}/revoke/").status_code == 404
    assert client.post(f"/seller/staff/invitations/{invitation.id}/revoke/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    manager = _member(orders["alpha"], orders["alpha_owner"], "manager")
    assert (
        browser(manager).post("/seller/staff/invite/", {"email": "x@example.test", "role": "owner"}).status_code == 403
    )


def test_portal_pages_speak_german(orders):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(orders["alpha_owner"])
    html = client.get(f"/seller/orders/{orders['alpha_part'].id}/").content.decode()
    assert "Versand erfassen" in html and "Versanddienstleister" in html and "Bestellung stornieren" in html
    assert "Aufgegeben" in client.get("/seller/orders/").content.decode()
    assert "Abrechnung herunterladen" in client.get("/seller/payouts/").content.decode()
