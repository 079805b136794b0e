"""Points through the real flows: earned on delivery, reversed on refund, redeemed at checkout
(platform-funded, through the ledger), bundle bonus, referrals once, bad input changes nothing."""

import pytest
from django.db import IntegrityError, transaction

from buyers.loyalty.models import LoyaltyAccount, PointsEntry
from buyers.loyalty.selectors import points_balance
from buyers.loyalty.services import loyalty_account_ensure, loyalty_sync, referral_claim
from marketplace.errors import Conflict, DomainError
from payouts.ledger import BUYER_RECEIVABLE, PLATFORM_DISCOUNTS, account_balance, vendor_payable
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.buyers.loyalty.helpers import ADDRESS, all_counts, deliver, journal_sum, make_shop, place, unbalanced_entries
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(category):
    return make_shop(category)


def test_points_earned_once_per_delivered_part_on_goods_paid(shop):
    buyer = UserFactory()
    order = place(buyer, shop)  # 33.33 + 66.67 EUR: 33 + 66 points (cents drop per part)
    loyalty_sync()
    assert points_balance(user=buyer) == 0  # nothing before delivery
    deliver(order, shop)
    assert loyalty_sync()["earned"] == 2
    assert loyalty_sync()["earned"] == 0  # running again doubles nothing
    assert points_balance(user=buyer) == 99 == journal_sum(buyer)
    assert set(PointsEntry.objects.values_list("kind", flat=True)) == {"earned"}


def test_refund_reverses_the_points_of_the_refunded_line(shop):
    buyer = UserFactory()
    order = place(buyer, shop, quantity=2)  # 66.66 + 133.34 -> 66 + 133 points
    deliver(order, shop)
    loyalty_sync()
    assert points_balance(user=buyer) == 199
    beta = order.vendor_orders.get(vendor=shop["beta"]["vendor"])
    line = beta.lines.get()
    refund_create(
        actor=shop["beta"]["owner"], vendor_order_id=beta.id, lines=[RefundLineRequest(line.id, 6667)], reason="return"
    )
    loyalty_sync()
    assert points_balance(user=buyer) == 66 + 66  # 66.67 EUR still paid to beta: 66 points kept
    refund_create(
        actor=shop["beta"]["owner"], vendor_order_id=beta.id, lines=[RefundLineRequest(line.id)], reason="return"
    )
    loyalty_sync()
    loyalty_sync()
    assert points_balance(user=buyer) == 66 == journal_sum(buyer)
    assert list(PointsEntry.objects.filter(kind="reversed").order_by("id").values_list("points", flat=True)) == [
        -67,
        -66,
    ]


def test_reversal_after_the_points_were_spent_stops_at_zero(shop):
    buyer = UserFactory()
    first = place(buyer, shop, names=("beta",), quantity=3, key="1")  # 200.01 EUR -> 200 points
    deliver(first, shop)
    loyalty_sync()
    place(buyer, shop, names=("alpha",), key="2", points=150)
    beta = first.vendor_orders.get()
    refund_create(
        actor=shop["beta"]["owner"],
        vendor_order_id=beta.id,
        lines=[RefundLineRequest(beta.lines.get().id)],
        reason="return",
    )
    loyalty_sync()
    assert points_balance(user=buyer) == 0 == journal_sum(buyer)
    assert PointsEntry.objects.filter(kind="reversed").get().points == -50


def _buyer_with_points(shop, points_wanted_parts=3):
    buyer = UserFactory()
    order = place(buyer, shop, names=("beta",), quantity=points_wanted_parts, key="earn")
    deliver(order, shop)
    loyalty_sync()
    return buyer


def test_redemption_is_a_platform_funded_discount_through_the_ledger(shop):
    buyer = _buyer_with_points(shop)  # 200 points
    reference = place(UserFactory(), shop, key="ref")  # same cart without points
    before_discounts = account_balance(PLATFORM_DISCOUNTS, "EUR").amount
    order = place(buyer, shop, key="redeem", points=150)
    assert order.points_redeemed == 150 and order.points_discount_amount == 150 and order.discount_amount == 150
    assert order.total_amount == order.items_total_amount - 150 + order.shipping_amount == reference.total_amount - 150
    parts = list(order.vendor_orders.order_by("vendor_id"))
    ref_parts = list(reference.vendor_orders.order_by("vendor_id"))
    # Split by what is left to pay (33.33 : 66.67), to the cent, and the sellers are owed the same.
    assert [vo.discount_amount for vo in parts] == [50, 100]
    assert [vo.platform_discount_amount for vo in parts] == [50, 100]
    assert [vo.payable_amount for vo in parts] == [vo.payable_amount for vo in ref_parts]
    assert [vo.commission_amount for vo in parts] == [vo.commission_amount for vo in ref_parts]
    assert sum(vo.total_amount for vo in parts) + order.co2_amount == order.total_amount
    assert sum(line.discount_amount for vo in parts for line in vo.lines.all()) == 150
    assert account_balance(PLATFORM_DISCOUNTS, "EUR").amount - before_discounts == 150
    assert unbalanced_entries() == []
    assert points_balance(user=buyer) == 50 == journal_sum(buyer)
    entry = PointsEntry.objects.get(kind="redeemed")
    assert entry.points == -150 and entry.order == order and entry.balance_after == 50


def test_redemption_api_and_its_refusals_change_nothing(shop):
    buyer = _buyer_with_points(shop)
    api = client_for(buyer)
    api.post("/api/cart/items/", {"offer": shop["alpha"]["offer"].id, "quantity": 1}, format="json")
    body = {"payment_method": "invoice", "shipping_address": ADDRESS}
    before = all_counts()
    for points, code in ((201, "insufficient_points"), (-1, None), ("many", None)):
        response = api.post(
            "/api/checkout/", {**body, "points": points}, format="json", HTTP_IDEMPOTENCY_KEY=f"bad{points}"
        )
        assert response.status_code == 400, response.data
        assert "points" in response.data
        if code:
            assert response.data["error_code"] == code and "200" in response.data["points"][0]
    # All 200 points (2.00 EUR on goods of 33.33 EUR) are accepted.
    response = api.post("/api/checkout/", {**body, "points": 200}, format="json", HTTP_IDEMPOTENCY_KEY="ok-but-later")
    assert response.status_code == 201, response.data
    assert response.data["points_redeemed"] == 200
    assert (response.data["points_discount"]["amount"], response.data["points_discount"]["currency"]) == (200, "EUR")
    after = all_counts()
    assert after["points"] == before["points"] + 1
    assert api.get("/api/loyalty/points/").data["balance"] == 0
    journal = api.get("/api/loyalty/points/journal/").data["results"]
    assert [e["kind"] for e in journal] == ["redeemed", "earned"] and journal[0]["order_number"] == response.data[
        "number"
    ]


def test_refused_redemption_leaves_every_table_as_it_was(shop):
    buyer = _buyer_with_points(shop, points_wanted_parts=1)  # 66 points
    api = client_for(buyer)
    api.post("/api/cart/items/", {"offer": shop["alpha"]["offer"].id, "quantity": 1}, format="json")
    before = all_counts()
    response = api.post(
        "/api/checkout/",
        {"payment_method": "invoice", "shipping_address": ADDRESS, "points": 67},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x",
    )
    assert response.status_code == 400 and "points" in response.data
    assert all_counts() == before


def test_points_worth_more_than_the_goods_are_refused(shop):
    buyer = UserFactory()
    account = loyalty_account_ensure(user=buyer)
    PointsEntry.objects.create(account=account, kind="referral_bonus", points=5000, balance_after=5000, key="seed")
    with pytest.raises(DomainError) as refused:
        place(buyer, shop, names=("alpha",), points=3334)
    assert (
        refused.value.field == "points" and refused.value.code == "too_many_points" and "3333" in refused.value.message
    )
    order = place(buyer, shop, names=(), key="all", points=3333)  # the cart still holds the item
    assert order.items_total_amount - order.discount_amount == 0
    assert order.total_amount == order.shipping_amount


def test_the_database_refuses_a_negative_balance():
    account = loyalty_account_ensure(user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.create(account=account, kind="redeemed", points=-1, balance_after=-1, key="neg")


def test_bundle_bonus_once_per_order(shop):
    buyer = UserFactory()
    order = place(buyer, shop, bundle_shipments=True)
    assert order.bundle_shipments
    deliver(order, shop)
    loyalty_sync()
    loyalty_sync()
    assert PointsEntry.objects.filter(kind="bundle_bonus").count() == 1
    assert points_balance(user=buyer) == 99 + 50


def test_referral_rewards_both_once_after_the_first_delivery(shop):
    friend, newcomer = UserFactory(), UserFactory()
    code = loyalty_account_ensure(user=friend).referral_code
    with pytest.raises(DomainError) as refused:
        referral_claim(user=friend, code=code)
    assert refused.value.field == "code"
    api = client_for(newcomer)
    before = all_counts()
    unknown = api.post("/api/loyalty/referral/", {"code": "NOPE1234"}, format="json")
    assert unknown.status_code == 400 and "code" in unknown.data
    assert {k: v for k, v in all_counts().items() if k != "loyalty"} == {
        k: v for k, v in before.items() if k != "loyalty"
    }
    assert api.post("/api/loyalty/referral/", {"code": code.lower()}, format="json").status_code == 201
    with pytest.raises(Conflict):
        referral_claim(user=newcomer, code=code)
    first = place(newcomer, shop, key="1")
    loyalty_sync()
    assert points_balance(user=friend) == 0  # not before delivery
    deliver(first, shop)
    loyalty_sync()
    second = place(newcomer, shop, key="2")
    deliver(second, shop)
    loyalty_sync()
    assert points_balance(user=friend) == 500
    assert points_balance(user=newcomer) == 500 + 99 + 99
    assert PointsEntry.objects.filter(kind="referral_bonus").count() == 2


def test_referral_code_only_before_the_first_order(shop):
    friend, buyer = UserFactory(), UserFactory()
    place(buyer, shop)
    with pytest.raises(DomainError) as refused:
        referral_claim(user=buyer, code=loyalty_account_ensure(user=friend).referral_code)
    assert refused.value.field == "code"


def test_cancelled_order_gives_the_points_back(shop):
    buyer = _buyer_with_points(shop)
    order = place(buyer, shop, names=("alpha",), key="c", points=100)
    order.status = "cancelled"  # as the reservation expiry does for an unpaid card order
    order.save(update_fields=["status"])
    loyalty_sync()
    loyalty_sync()
    assert points_balance(user=buyer) == 200 == journal_sum(buyer)


def test_vendor_payable_and_receivable_with_points(shop):
    buyer = _buyer_with_points(shop)
    alpha = shop["alpha"]["vendor"]
    payable_before = account_balance(vendor_payable(alpha.id), "EUR").amount
    receivable_before = account_balance(BUYER_RECEIVABLE, "EUR").amount
    order = place(buyer, shop, names=("alpha",), key="p", points=200)
    vo = order.vendor_orders.get()
    assert account_balance(vendor_payable(alpha.id), "EUR").amount - payable_before == -vo.payable_amount
    assert vo.payable_amount == vo.items_amount + vo.shipping_amount - vo.commission_amount - vo.commission_vat_amount
    assert account_balance(BUYER_RECEIVABLE, "EUR").amount - receivable_before == order.total_amount
    assert LoyaltyAccount.objects.get(user=buyer).entries.count() == 2


def test_points_entries_are_append_only():
    from django.db import DatabaseError

    account = loyalty_account_ensure(user=UserFactory())
    entry = PointsEntry.objects.create(account=account, kind="referral_bonus", points=5, balance_after=5, key="a")
    for change in (
        lambda: PointsEntry.objects.filter(id=entry.id).update(points=500),
        lambda: PointsEntry.objects.filter(id=entry.id).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert PointsEntry.objects.get(id=entry.id).points == 5
