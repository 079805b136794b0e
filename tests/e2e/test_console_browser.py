"""The operator console in a real Chromium: approve a vendor, reject a listing with a reason,
run a payout."""
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from moderation.models import ReviewItem
from payouts.models import Payout
from tests.e2e.conftest import log_in
from tests.factories import CategoryFactory, UserFactory, make_offer, make_operator, make_vendor, totp_code
from tests.payouts.conftest import deliver, place
from vendors.models import Product, Vendor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_approves_a_vendor_rejects_a_listing_and_runs_a_payout(live_server, page):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    applicant, _owner = make_vendor(name="Kaffeehaus Anna", approved=False)
    seller, seller_owner = make_vendor(name="Röstwerk")
    # A product the seller proposed: it waits in the moderation queue.
    proposed = make_offer(vendor=seller, owner=seller_owner, category=category, title="Wunderbohnen heilen alles",
                          moderated=False).product
    # A delivered, paid order past the hold: the seller is due a payout.
    beans = make_offer(vendor=seller, owner=seller_owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=5)
    deliver(place(UserFactory(), [(beans, 2)]))
    operator = make_operator()

    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)

    page.goto(live_server.url + "/console/")
    log_in(page, operator)
    # The console needs the second factor: the code from the operator's authenticator app.
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    # The application: open it, start the review, approve.
    page.get_by_role("link", name="Kaffeehaus Anna").click()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review of Kaffeehaus Anna started.")).to_be_visible()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Vendor Kaffeehaus Anna is approved.")).to_be_visible()
    assert Vendor.objects.get(id=applicant.id).status == "approved"

    page.get_by_role("link", name="Moderation queue").click()
    item = ReviewItem.objects.get(product=proposed)
    page.get_by_role("link", name=f"#{item.id}").click()
    reject = page.locator("form", has=page.get_by_role("button", name="Reject"))
    reject.get_by_role("button", name="Reject").click()  # no reason yet: refused
    expect(page.get_by_text("reason", exact=False).first).to_be_visible()
    assert Product.objects.get(id=proposed.id).status == "pending"
    reject.get_by_role("textbox").fill("Health claims are not allowed for food.")
    reject.get_by_role("button", name="Reject").click()
    proposed.refresh_from_db()
    item.refresh_from_db()
    assert proposed.status == "rejected" and item.status == "rejected"
    assert "Health claims" in item.reason

    page.get_by_role("link", name="Payout runs").click()
    page.get_by_role("button", name="Start a payout run now").click()
    expect(page.get_by_text("1 payouts")).to_be_visible()
    payout = Payout.objects.get(vendor=seller)
    assert payout.amount > 0
