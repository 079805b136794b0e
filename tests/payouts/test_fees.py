"""Card fees (configured tariff, then Stripe's reported fee) and chargeback fees, to the cent."""

import pytest

from marketplace.models import OutboxEvent
from marketplace.money import Money
from payouts import stripe_gateway
from payouts.checks import money_settings_check
from payouts.ledger import DISPUTE_FEES, PLATFORM_CASH, PROCESSING_FEES, account_balance, vendor_payable
from payouts.models import JournalEntry
from payouts.services.fees import PROCESSING_FEE_SYNC, processing_fee_settle
from payouts.services.orders import card_fee
from tests.conftest import row_counts
from tests.payouts.conftest import drain, pay, place, webhook

pytestmark = pytest.mark.django_db


def owed(vendor):
    return -account_balance(vendor_payable(vendor.id), "EUR").amount


def paid_card_order(shop, settings, capture):
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)], method="card", capture=capture)
    assert pay(settings, order).data["status"] == "processed"
    order.refresh_from_db()
    return order


def entries_balance():
    for entry in JournalEntry.objects.prefetch_related("lines"):
        assert sum(line.amount for line in entry.lines.all()) == 0, entry.kind


@pytest.mark.parametrize(
    ("bps", "fixed", "total", "fee"),
    [
        (150, 25, 3100, 72),  # 46.5 cents rounds half up to 47 (banker's rounding would give 46)
        (150, 25, 3300, 75),  # 49.5 -> 50
        (150, 25, 9994, 175),  # 149.91 -> 150
        (290, 30, 3100, 120),  # another tariff: 89.9 -> 90, + 0.30
        (150, 25, 10, 10),  # never more than the payment itself
    ],
)
def test_card_fee_is_the_configured_tariff_rounded_half_up_to_the_cent(settings, bps, fixed, total, fee):
    settings.MARKETPLACE_CARD_FEE_BPS, settings.MARKETPLACE_CARD_FEE_FIXED = bps, fixed
    assert card_fee(Money(total, "EUR")) == Money(fee, "EUR")


def test_fee_reported_by_stripe_corrects_the_tariff_once_for_the_vendors(
    shop, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_FEE_POLICY = "vendors"
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    vos = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert (vos[shop["alpha"].id].fee_amount, vos[shop["beta"].id].fee_amount) == (70, 105)  # tariff 1.75 EUR
    before = {v: owed(shop[v]) for v in ("alpha", "beta")}

    # Stripe took 1.87 EUR: the 0.12 EUR more is split 3999 : 5995 -> 0.05 / 0.07 (largest remainder).
    entry = processing_fee_settle(order_id=order.id, actual=Money(187, "EUR"))
    assert entry.kind == "processing_fee_adjusted"
    assert {v: before[v] - owed(shop[v]) for v in before} == {"alpha": 5, "beta": 7}
    for vo in order.vendor_orders.all():
        vo.refresh_from_db()
    assert {vo.vendor_id: vo.fee_amount for vo in order.vendor_orders.all()} == {
        shop["alpha"].id: 75,
        shop["beta"].id: 112,
    }
    assert account_balance(PLATFORM_CASH, "EUR").amount == 9994 - 187
    entries_balance()

    counts = row_counts()
    assert processing_fee_settle(order_id=order.id, actual=Money(187, "EUR")) == entry
    assert row_counts() == counts


def test_fee_reported_by_stripe_lower_than_the_tariff_is_absorbed_by_the_platform(
    shop, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_FEE_POLICY = "platform"
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    assert account_balance(PROCESSING_FEES, "EUR").amount == 175
    entry = processing_fee_settle(order_id=order.id, actual=Money(161, "EUR"))
    assert account_balance(PROCESSING_FEES, "EUR").amount == 161
    assert account_balance(PLATFORM_CASH, "EUR").amount == 9994 - 161
    # The seller's side is untouched when the platform bears card fees.
    assert {vo.fee_amount for vo in order.vendor_orders.all()} == {0}
    # One correction per payment: a later report finds the first and books nothing.
    assert processing_fee_settle(order_id=order.id, actual=Money(170, "EUR")) == entry
    assert account_balance(PROCESSING_FEES, "EUR").amount == 161


def test_fee_reported_equal_to_the_tariff_books_nothing(shop, settings, django_capture_on_commit_callbacks):
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    counts = row_counts()
    assert processing_fee_settle(order_id=order.id, actual=Money(175, "EUR")) is None
    assert row_counts() == counts


def test_fee_lookup_goes_to_stripe_after_the_payment_and_keeps_the_tariff_for_another_currency(
    shop, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_CARD_FEE_SOURCE = "stripe"
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    # stripe-mock answers with its fixture charge: settled in USD with no fee.
    reported = stripe_gateway.payment_fee_get(payment_intent_id=order.payment_intent_id)
    assert reported.charge_id.startswith("ch_") and reported.fee == Money(0, "USD")
    assert drain().delivered >= 1
    # A fee in another currency than the order's cannot be booked against it: the tariff stays.
    assert not JournalEntry.objects.filter(kind="processing_fee_adjusted").exists()
    assert account_balance(PROCESSING_FEES, "EUR").amount == 175


@pytest.mark.parametrize(("suffix", "delivered"), [("/refused", True), (None, False)])
def test_fee_lookup_refused_keeps_the_tariff_and_unreachable_is_retried(
    shop, settings, django_capture_on_commit_callbacks, suffix, delivered
):
    order = place(
        shop["buyer"],
        [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)],
        method="card",
        capture=django_capture_on_commit_callbacks,
    )
    # stripe-mock answers an unknown address with invalid_request_error (a refusal); nothing listens on port 9.
    settings.STRIPE_API_BASE = f"{settings.STRIPE_API_BASE}{suffix}" if suffix else "http://127.0.0.1:9"
    assert pay(settings, order).data["status"] == "processed"
    drain()
    lookup = OutboxEvent.objects.get(topic=PROCESSING_FEE_SYNC)
    assert (lookup.delivered_at is not None) == delivered
    assert delivered or lookup.last_error.startswith("PaymentGatewayUnavailable")  # kept for a retry with backoff
    assert account_balance(PROCESSING_FEES, "EUR").amount == 175
    assert not JournalEntry.objects.filter(kind="processing_fee_adjusted").exists()


def test_with_the_tariff_as_source_stripe_is_not_asked(shop, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_CARD_FEE_SOURCE = "tariff"
    order = place(
        shop["buyer"],
        [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)],
        method="card",
        capture=django_capture_on_commit_callbacks,
    )
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # a lookup would fail (nothing listens there)
    assert pay(settings, order).data["status"] == "processed"
    order.refresh_from_db()
    assert drain().failed == 0
    assert account_balance(PROCESSING_FEES, "EUR").amount == 175
    assert order.payment_status == "paid"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MARKETPLACE_FEE_POLICY", "both"),
        ("MARKETPLACE_DISPUTE_FEE_POLICY", "buyer"),
        ("MARKETPLACE_CARD_FEE_SOURCE", "guess"),
        ("MARKETPLACE_CARD_FEE_BPS", 10_001),
        ("MARKETPLACE_DISPUTE_FEE", -1),
    ],
)
def test_fee_settings_outside_what_is_allowed_stop_the_start(settings, name, value):
    assert money_settings_check() == []
    setattr(settings, name, value)
    errors = money_settings_check()
    assert len(errors) == 1 and name in errors[0].msg


# --- Chargeback fees ----------------------------------------------------------------------------


def dispute(order, dispute_id, amount, status="needs_response"):
    return {
        "id": dispute_id,
        "object": "dispute",
        "amount": amount,
        "payment_intent": order.payment_intent_id,
        "status": status,
    }


def test_dispute_fee_is_booked_once_when_the_dispute_opens_and_kept_when_won(
    shop, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_DISPUTE_FEE_POLICY = "platform"
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    cash = account_balance(PLATFORM_CASH, "EUR").amount
    before = {v: owed(shop[v]) for v in ("alpha", "beta")}
    webhook(settings, "charge.dispute.created", dispute(order, "dp_fee_1", 5000))
    webhook(settings, "charge.dispute.created", dispute(order, "dp_fee_1", 5000), event_id="evt_dup_fee")  # sent again
    fee_entries = JournalEntry.objects.filter(kind="dispute_fee")
    assert fee_entries.count() == 1
    assert account_balance(DISPUTE_FEES, "EUR").amount == 2000  # EUR 20.00, Stripe's EEA dispute fee
    assert account_balance(PLATFORM_CASH, "EUR").amount == cash - 5000 - 2000
    assert {v: owed(shop[v]) for v in before} == before  # the platform bears it
    webhook(settings, "charge.dispute.closed", dispute(order, "dp_fee_1", 5000, "won"))
    # Stripe keeps the fee even for a won dispute (default): only the disputed amount comes back.
    assert account_balance(DISPUTE_FEES, "EUR").amount == 2000
    assert account_balance(PLATFORM_CASH, "EUR").amount == cash - 2000
    entries_balance()


def test_dispute_fee_borne_by_the_sellers_is_returned_when_won_if_configured(
    shop, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_DISPUTE_FEE_POLICY = "vendors"
    settings.MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON = True
    settings.MARKETPLACE_DISPUTE_FEE = 1999
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    before = {v: owed(shop[v]) for v in ("alpha", "beta")}
    webhook(settings, "charge.dispute.created", dispute(order, "dp_fee_2", 9994))
    # 19.99 EUR split like the disputed amount, 3999 : 5995 -> 8.00 / 11.99 (largest remainder).
    assert {v: before[v] - owed(shop[v]) for v in before} == {"alpha": 800, "beta": 1199}
    assert account_balance(DISPUTE_FEES, "EUR").amount == 0
    lines = JournalEntry.objects.get(kind="dispute_fee").lines.all()
    assert {line.vendor_order_id for line in lines if line.amount > 0} == set(
        order.vendor_orders.values_list("id", flat=True)
    )
    webhook(settings, "charge.dispute.closed", dispute(order, "dp_fee_2", 9994, "won"))
    webhook(settings, "charge.dispute.closed", dispute(order, "dp_fee_2", 9994, "won"), event_id="evt_dup_close")
    assert {v: owed(shop[v]) for v in before} == before
    assert JournalEntry.objects.filter(kind="dispute_fee_returned").count() == 1
    entries_balance()


def test_lost_dispute_costs_the_sellers_amount_and_fee(shop, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_DISPUTE_FEE_POLICY = "vendors"
    settings.MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON = True  # irrelevant when lost
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    before = {v: owed(shop[v]) for v in ("alpha", "beta")}
    webhook(settings, "charge.dispute.created", dispute(order, "dp_fee_3", 2000))
    webhook(settings, "charge.dispute.closed", dispute(order, "dp_fee_3", 2000, "lost"))
    # Amount 20.00 and fee 20.00, each split 800 / 1200.
    assert {v: before[v] - owed(shop[v]) for v in before} == {"alpha": 1600, "beta": 2400}
    assert not JournalEntry.objects.filter(kind="dispute_fee_returned").exists()
    entries_balance()


def test_no_dispute_fee_configured_books_none(shop, settings, django_capture_on_commit_callbacks):
    settings.MARKETPLACE_DISPUTE_FEE = 0
    order = paid_card_order(shop, settings, django_capture_on_commit_callbacks)
    webhook(settings, "charge.dispute.created", dispute(order, "dp_fee_4", 2000))
    assert JournalEntry.objects.filter(kind="dispute_fee").count() == 0
    assert JournalEntry.objects.filter(kind="dispute_opened").count() == 1
