"""Seller money endpoints: finance role sees its own vendor only; other vendors' ids are 404."""

import pytest

from payouts.models import Payout, PayoutRun
from payouts.services.payout_runs import payout_run_start
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory
from tests.payouts.conftest import deliver, place
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(shop):
    deliver(place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]))
    payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    return {p.vendor_id: p for p in Payout.objects.all()}


def test_finance_staff_see_their_balance_payouts_and_statement(shop, paid):
    finance = UserFactory()
    vendor_member_add(vendor=shop["alpha"], user=finance, role="finance")
    api = client_for(finance)
    balance = api.get("/api/payouts/seller/balance/")
    assert balance.status_code == 200 and balance.data["paid_out"]["amount"] == paid[shop["alpha"].id].amount
    listing = api.get("/api/payouts/seller/payouts/").data["results"]
    assert [p["id"] for p in listing] == [paid[shop["alpha"].id].id]
    assert api.get(f"/api/payouts/seller/payouts/{paid[shop['alpha'].id].id}/").status_code == 200
    assert (
        api.get("/api/payouts/seller/statement/", {"date_from": "2026-01-01", "date_to": "2026-12-31"}).status_code
        == 200
    )


def test_other_vendors_payouts_are_not_found(shop, paid):
    api = client_for(shop["alpha_owner"])
    before = row_counts()
    assert api.get(f"/api/payouts/seller/payouts/{paid[shop['beta'].id].id}/").status_code == 404
    assert api.get("/api/payouts/seller/payouts/999999/").status_code == 404
    # Naming the other vendor does not help.
    assert api.get("/api/payouts/seller/balance/", HTTP_X_VENDOR=str(shop["beta"].id)).status_code == 404
    assert api.get("/api/payouts/seller/payouts/", HTTP_X_VENDOR=str(shop["beta"].id)).status_code == 404
    params = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    assert api.get("/api/payouts/seller/statement/", params, HTTP_X_VENDOR=str(shop["beta"].id)).status_code == 404
    assert row_counts() == before


def test_roles_without_finance_rights_are_refused(shop, paid):
    fulfilment = UserFactory()
    vendor_member_add(vendor=shop["alpha"], user=fulfilment, role="fulfilment")
    api = client_for(fulfilment)
    assert api.get("/api/payouts/seller/balance/").status_code == 403
    assert api.get("/api/payouts/seller/payouts/").status_code == 403
    assert api.get(f"/api/payouts/seller/payouts/{paid[shop['alpha'].id].id}/").status_code == 403
    # ...but a foreign payout is still a 404, not a 403 that confirms it exists.
    assert api.get(f"/api/payouts/seller/payouts/{paid[shop['beta'].id].id}/").status_code == 404
    assert client_for(UserFactory()).get("/api/payouts/seller/balance/").status_code == 404
