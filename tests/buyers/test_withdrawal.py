"""Right of withdrawal: max(14 days, the offer's window) for consumers buying from traders; only
the offer's window for business buyers and private sellers; declared through the model form."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from buyers import returns, withdrawal
from buyers.models import BuyerProfile, OrderTerms, ReturnRequest, WithdrawalDeclaration
from buyers.services import cart_item_add, checkout_place
from marketplace.errors import DomainError, NotFound
from marketplace.models import VendorOrder
from marketplace.outbox import outbox_deliver
from tests.conftest import row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer, Vendor

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika Muster", "street": "Hauptstr. 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Laden")
    return vendor, make_offer(vendor=vendor, owner=owner, category=category, title="Helm", stock=20)


def _delivered_part(buyer, offer, *, days_ago: int, window: int, key: str = "k1") -> VendorOrder:
    Offer.objects.filter(id=offer.id).update(return_window_days=window)
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=2)
    order = checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)
    VendorOrder.objects.filter(order=order).update(
        status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=days_ago)
    )
    return order.vendor_orders.select_related("vendor", "order").get()


def _open(part) -> bool:
    return withdrawal.return_open(vendor_order=part, line=part.lines.select_related("offer").get())


@pytest.mark.parametrize("days_ago, expected", [(13, True), (14, True), (15, False)])
def test_consumer_from_trader_has_14_days_even_when_the_offer_grants_none(seller, days_ago, expected):
    vendor, offer = seller
    part = _delivered_part(UserFactory(), offer, days_ago=days_ago, window=0)
    assert withdrawal.return_days(vendor_order=part, offer_window_days=0) == 14
    assert _open(part) is expected


@pytest.mark.parametrize("days_ago, expected", [(29, True), (30, True), (31, False)])
def test_a_longer_offer_window_wins(seller, days_ago, expected):
    vendor, offer = seller
    part = _delivered_part(UserFactory(), offer, days_ago=days_ago, window=30)
    assert _open(part) is expected


def test_business_buyer_gets_only_the_offer_window(seller):
    vendor, offer = seller
    buyer = UserFactory()
    BuyerProfile.objects.create(user=buyer, is_business=True, company_name="Muster GmbH", vat_id="ATU13585627")
    part = _delivered_part(buyer, offer, days_ago=3, window=0)
    assert OrderTerms.objects.get(order=part.order).buyer_is_business
    assert withdrawal.return_days(vendor_order=part, offer_window_days=0) == 0
    assert not _open(part)
    assert withdrawal.return_days(vendor_order=part, offer_window_days=30) == 30  # what the offer grants, it grants
    # The snapshot counts, not the profile today.
    BuyerProfile.objects.filter(user=buyer).update(is_business=False)
    assert not _open(part)


def test_private_seller_owes_no_statutory_right(seller):
    vendor, offer = seller
    Vendor.objects.filter(id=vendor.id).update(seller_kind="consumer")
    part = _delivered_part(UserFactory(), offer, days_ago=3, window=0)
    assert withdrawal.return_days(vendor_order=part, offer_window_days=0) == 0
    assert not _open(part)
    assert withdrawal.return_days(vendor_order=part, offer_window_days=14) == 14


def test_return_request_uses_the_statutory_period(seller):
    vendor, offer = seller
    buyer = UserFactory()
    part = _delivered_part(buyer, offer, days_ago=12, window=0)
    request = returns.return_request(
        buyer=buyer,
        number=part.order.number,
        vendor_order_id=part.id,
        lines=[(part.lines.get().id, 1)],
        reason="no_longer_needed",
    )
    assert request.status == ReturnRequest.Status.REQUESTED


def test_declaration_through_the_form_needs_no_reason_and_is_acknowledged(seller):
    vendor, offer = seller
    buyer = UserFactory()
    part = _delivered_part(buyer, offer, days_ago=3, window=14)
    declaration = withdrawal.withdrawal_declare(
        buyer=buyer,
        number=part.order.number,
        vendor_order_id=part.id,
        line_ids=[part.lines.get().id],
        consumer_name="Erika Muster",
        consumer_address="Hauptstr. 1, 10115 Berlin",
    )
    outbox_deliver()  # non-transactional test: nothing commits, so deliver as the worker would
    request = declaration.return_request
    assert request.reason == ReturnRequest.Reason.WITHDRAWAL and request.comment == ""
    assert request.lines.get().quantity == 2  # everything not yet returned
    assert declaration.deadline == timezone.localdate() - timedelta(days=3) + timedelta(days=14)
    [ack] = [m for m in mail.outbox if m.subject.startswith(("Withdrawal", "Widerruf"))]
    assert part.order.number in ack.subject and ack.to == [part.order.email]


def test_declaration_after_the_period_or_for_someone_elses_order_changes_nothing(seller):
    vendor, offer = seller
    buyer = UserFactory()
    part = _delivered_part(buyer, offer, days_ago=15, window=14)
    before = row_counts()
    with pytest.raises(DomainError) as late:
        withdrawal.withdrawal_declare(
            buyer=buyer,
            number=part.order.number,
            vendor_order_id=part.id,
            line_ids=[part.lines.get().id],
            consumer_name="Erika",
            consumer_address="Berlin",
        )
    assert late.value.field == "lines" and late.value.code == "withdrawal_period_over"
    with pytest.raises(NotFound):
        withdrawal.withdrawal_declare(
            buyer=UserFactory(),
            number=part.order.number,
            vendor_order_id=part.id,
            line_ids=[part.lines.get().id],
            consumer_name="Eve",
            consumer_address="X",
        )
    with pytest.raises(DomainError) as nameless:
        withdrawal.withdrawal_declare(
            buyer=buyer,
            number=part.order.number,
            vendor_order_id=part.id,
            line_ids=[part.lines.get().id],
            consumer_name=" ",
            consumer_address="Berlin",
        )
    assert nameless.value.field == "consumer_name"
    assert row_counts() == before
    assert not WithdrawalDeclaration.objects.exists()
