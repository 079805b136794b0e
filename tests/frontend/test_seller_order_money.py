"""The money of one order part on its seller page (issue 18 item 9, issue 23): what the buyer paid,
the expected payable, what was transferred, taken back and is still held and why, to the cent,
read from the ledger and the transfer records; owners and finance staff only."""

import re

import pytest

from frontend.common.templatetags.money import format_money
from payouts.models import Payout, PayoutRun, TransferReversal
from payouts.services.payout_runs import payout_run_start
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.factories import UserFactory, make_offer
from tests.frontend.test_pages import browser
from tests.payouts.conftest import deliver, drain, pay, place, shop  # noqa: F401 (shop: a fixture)
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-money="(\w+)">([^<]*)<', html))


def eur(amount: int) -> str:
    return format_money(amount, "EUR", "en")


def money_page(user, vendor, part):
    return browser(user).get(f"/seller/orders/{part.id}/money/?vendor={vendor.id}")


def card_order(shop, settings, capture, items):  # noqa: F811
    order = place(shop["buyer"], items, method="card", capture=capture)
    pay(settings, order)
    order.refresh_from_db()
    return order


def test_a_refund_after_payout_shows_as_taken_back_from_the_transfer(
    shop,  # noqa: F811
    settings,
    operator,
    django_capture_on_commit_callbacks,
):
    # Helm 39.99: commission 10 % = 4.00 and 19 % VAT on it 0.76, so 35.23 are owed to Alpha.
    order = card_order(shop, settings, django_capture_on_commit_callbacks, [(shop["alpha_offer"], 1)])
    part = order.vendor_orders.get()
    assert part.payable_amount == 3523
    deliver(order)
    payout = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.get()
    assert (payout.amount, payout.status) == (3523, Payout.Status.PAID)
    # 10.00 refunded after the payout: the seller's share is 10.00 - 1.00 commission - 0.19 VAT.
    refund = refund_create(
        actor=operator, vendor_order_id=part.id, lines=[RefundLineRequest(part.lines.get().id, 1000)], reason="Kratzer"
    )
    assert refund.vendor_amount == 881
    pending = figures(money_page(shop["alpha_owner"], shop["alpha"], part).content.decode())
    assert pending["reversed"] == eur(0)  # not taken back yet: the reversal is still being sent
    drain()
    assert TransferReversal.objects.get().status == TransferReversal.Status.DONE
    response = money_page(shop["alpha_owner"], shop["alpha"], part)
    assert response.status_code == 200
    assert figures(response.content.decode()) == {
        "buyer_paid": eur(3999),
        "expected": eur(3523 - 881),
        "paid_out": eur(3523),
        "reversed": eur(881),
        "held": eur(0),
        "refunded": f"−{eur(881)}",
    }


def test_below_the_minimum_payout_nothing_is_paid_and_the_page_says_why(shop, settings):  # noqa: F811
    settings.MARKETPLACE_PAYOUT_MINIMUM = 1000
    cheap = make_offer(
        vendor=shop["alpha"], owner=shop["alpha_owner"], category=shop["category"], title="Schraube", price=999
    )
    order = place(shop["buyer"], [(cheap, 1)])  # invoice
    deliver(order)  # the buyer's transfer arrives, delivered 30 days ago: the hold is over
    part = order.vendor_orders.get()
    # 9.99 - 1.00 commission - 0.19 VAT = 8.80, below the 10.00 minimum payout.
    assert part.payable_amount == 880
    assert payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.count() == 0
    html = money_page(shop["alpha_owner"], shop["alpha"], part).content.decode()
    assert figures(html) == {
        "buyer_paid": eur(999),
        "expected": eur(880),
        "paid_out": eur(0),
        "reversed": eur(0),
        "held": eur(880),
    }
    assert 'data-reason="below_minimum"' in html and eur(1000) in html


def test_card_fees_shared_by_the_sellers_reduce_what_each_is_paid(
    shop,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MARKETPLACE_FEE_POLICY = "vendors"
    order = card_order(
        shop, settings, django_capture_on_commit_callbacks, [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)]
    )
    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    alpha_part, beta_part = parts[shop["alpha"].id], parts[shop["beta"].id]
    # Tariff 1.5 % + 0.25 of 99.94 = 1.75, split 39.99 : 59.95 -> 0.70 / 1.05.
    assert (alpha_part.fee_amount, beta_part.fee_amount) == (70, 105)
    held = figures(money_page(shop["alpha_owner"], shop["alpha"], alpha_part).content.decode())
    assert held["expected"] == eur(3523 - 70) and held["paid_out"] == eur(0) and held["held"] == eur(3453)
    deliver(order)
    payouts = {p.vendor_id: p.amount for p in payout_run_start(trigger=PayoutRun.Trigger.OPERATOR).payouts.all()}
    assert payouts[shop["alpha"].id] == 3453
    alpha = figures(money_page(shop["alpha_owner"], shop["alpha"], alpha_part).content.decode())
    assert alpha == {
        "buyer_paid": eur(3999),
        "expected": eur(3453),
        "paid_out": eur(3453),
        "reversed": eur(0),
        "held": eur(0),
        "fees": f"−{eur(70)}",
    }
    # Beta: 59.95 - 6.00 commission (5.995 rounds half up) - 1.14 VAT - 1.05 fee.
    beta = figures(money_page(shop["beta_owner"], shop["beta"], beta_part).content.decode())
    assert beta["paid_out"] == eur(beta_part.payable_amount - 105) == eur(payouts[shop["beta"].id])


def test_money_pages_are_walled_by_vendor_and_role(shop):  # noqa: F811
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    alpha, beta_part = shop["alpha"], parts[shop["beta"].id]
    alpha_part = parts[alpha.id]
    # Another vendor's part is a 404, for the owner as for every role.
    assert money_page(shop["alpha_owner"], alpha, beta_part).status_code == 404
    roles = {}
    for role in ("manager", "fulfilment", "finance"):
        roles[role] = UserFactory()
        vendor_services.vendor_member_add(vendor=alpha, user=roles[role], role=role)
    assert money_page(roles["finance"], alpha, alpha_part).status_code == 200
    assert money_page(roles["fulfilment"], alpha, alpha_part).status_code == 403
    assert money_page(roles["manager"], alpha, alpha_part).status_code == 403
    # The order page shows what the buyer paid to every role that fulfils; the money only to owners.
    fulfilment_view = browser(roles["fulfilment"]).get(f"/seller/orders/{alpha_part.id}/").content.decode()
    assert "Paid by the buyer" in fulfilment_view and "Paid out to you" not in fulfilment_view
    owner_view = browser(shop["alpha_owner"]).get(f"/seller/orders/{alpha_part.id}/").content.decode()
    assert "Paid out to you" in owner_view and f"/seller/orders/{alpha_part.id}/money/" in owner_view
