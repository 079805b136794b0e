"""Stripe Connect for vendors against stripe-mock: the Express account after approval commits,
the onboarding link, and capabilities from (locally signed) account.updated webhooks."""

import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.conf import settings
from django.db import transaction
from rest_framework.test import APIClient

from marketplace.errors import NotFound
from marketplace.models import AuditLogEntry, OutboxEvent
from tests.conftest import client_for, row_counts
from tests.factories import (
    CategoryFactory,
    UserFactory,
    application_data,
    make_offer,
    make_sellable,
    make_trader_verified,
    make_vendor,
)
from vendors import selectors, services
from vendors.models import Offer, Vendor
from vendors.services.events import PRODUCT_CHANGED
from vendors.services.stripe_connect import STRIPE_ACCOUNT_REQUESTED, vendor_stripe_account_create


def signed_account_updated(*, account_id: str, charges: bool, payouts: bool, created: int) -> tuple[bytes, str]:
    """An account.updated event signed as Stripe signs it (HMAC-SHA256 over "<t>.<payload>")."""
    payload = json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": "account.updated",
            "created": created,
            "data": {
                "object": {
                    "id": account_id,
                    "object": "account",
                    "charges_enabled": charges,
                    "payouts_enabled": payouts,
                }
            },
        }
    ).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        settings.STRIPE_WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def post_webhook(payload: bytes, signature: str):
    return APIClient().post(
        "/api/payouts/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


@pytest.mark.django_db(transaction=True)
def test_approval_creates_the_express_account_after_commit_and_webhook_enables_selling(operator):
    owner = UserFactory()
    CategoryFactory()
    response = client_for(owner).post(
        "/api/vendors/apply/", application_data(name="Connect", email=owner.email), format="json"
    )
    vendor_id = response.data["id"]

    assert client_for(operator).post(f"/api/operator/vendors/{vendor_id}/start-review/").status_code == 200
    response = client_for(operator).post(
        f"/api/operator/vendors/{vendor_id}/approve/", {"confirm_risks": True}, format="json"
    )
    assert response.status_code == 200
    # Delivered by the outbox's on-commit hook: the account exists now, on stripe-mock.
    vendor = Vendor.objects.get(id=vendor_id)
    assert vendor.stripe_account_id.startswith("acct_")
    assert not vendor.can_sell and not vendor.payouts_enabled
    assert OutboxEvent.objects.get(topic=STRIPE_ACCOUNT_REQUESTED, key=f"vendor:{vendor_id}").delivered_at is not None
    assert AuditLogEntry.objects.filter(action="vendor.stripe_account_created", object_id=str(vendor_id)).count() == 1

    # The vendor fetches its onboarding link.
    response = client_for(owner).post("/api/seller/vendor/stripe-onboarding-link/")
    assert response.status_code == 200, response.data
    assert response.data["url"].startswith("https://")

    # The trader data is complete (DSA Art. 30), so only the payouts hold the vendor back.
    vendor = make_trader_verified(vendor, actor=owner)
    assert vendor.trader_ok and not vendor.can_sell

    # Stripe reports the finished onboarding through a signed webhook.
    created = int(time.time())
    payload, signature = signed_account_updated(
        account_id=vendor.stripe_account_id, charges=True, payouts=True, created=created
    )
    response = post_webhook(payload, signature)
    assert response.status_code == 200, response.data
    # The same delivery again changes nothing.
    assert post_webhook(payload, signature).status_code == 200
    vendor.refresh_from_db()
    assert vendor.can_sell and vendor.charges_enabled and vendor.payouts_enabled
    assert AuditLogEntry.objects.filter(action="vendor.capabilities_changed", object_id=str(vendor_id)).count() == 1

    # An older event overtaken by the newer one (out of order) changes nothing.
    payload, signature = signed_account_updated(
        account_id=vendor.stripe_account_id, charges=False, payouts=False, created=created - 60
    )
    assert post_webhook(payload, signature).status_code == 200
    vendor.refresh_from_db()
    assert vendor.payouts_enabled

    # A forged signature is refused and changes nothing.
    payload, _ = signed_account_updated(
        account_id=vendor.stripe_account_id, charges=False, payouts=False, created=created + 60
    )
    assert post_webhook(payload, "t=1,v1=forged").status_code == 400
    vendor.refresh_from_db()
    assert vendor.payouts_enabled


@pytest.mark.django_db
def test_account_creation_is_idempotent_by_key_and_stored_once(operator):
    vendor, _ = make_vendor(name="Einmal", approved=True, sellable=False)
    first = vendor_stripe_account_create(vendor_id=vendor.id)
    again = vendor_stripe_account_create(vendor_id=vendor.id)
    assert first.stripe_account_id and again.stripe_account_id == first.stripe_account_id
    assert AuditLogEntry.objects.filter(action="vendor.stripe_account_created", object_id=str(vendor.id)).count() == 1


@pytest.mark.django_db
def test_a_rolled_back_approval_asks_stripe_for_nothing(operator):
    vendor, _ = make_vendor(name="Zurück", approved=False)
    services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.vendor_approve(actor=operator, vendor_id=vendor.id)
        raise RuntimeError("crash before commit")
    vendor.refresh_from_db()
    assert vendor.status == Vendor.Status.UNDER_REVIEW and vendor.stripe_account_id == ""
    assert not OutboxEvent.objects.filter(topic=STRIPE_ACCOUNT_REQUESTED).exists()


@pytest.mark.django_db
def test_account_updated_is_idempotent_and_ignores_older_events():
    vendor, _ = make_vendor(name="Reihenfolge", sellable=False)
    vendor = vendor_stripe_account_create(vendor_id=vendor.id)
    account = vendor.stripe_account_id

    def update(charges, payouts, created):
        return services.vendor_stripe_account_updated(
            stripe_account_id=account, charges_enabled=charges, payouts_enabled=payouts, event_created=created
        )

    assert update(True, True, 2_000) is True
    assert update(True, True, 2_000) is False  # the same event again
    assert update(False, False, 1_000) is False  # older: ignored
    vendor.refresh_from_db()
    assert (vendor.charges_enabled, vendor.payouts_enabled, vendor.stripe_account_event_created) == (True, True, 2_000)
    assert update(True, False, 3_000) is True
    vendor.refresh_from_db()
    assert (vendor.charges_enabled, vendor.payouts_enabled) == (True, False)
    assert not vendor.can_sell
    # Unknown accounts (another platform's, or deleted) change nothing.
    before = row_counts()
    assert (
        services.vendor_stripe_account_updated(
            stripe_account_id="acct_unknown", charges_enabled=True, payouts_enabled=True, event_created=9_999
        )
        is False
    )
    assert row_counts() == before


@pytest.mark.django_db
def test_only_approved_unsuspended_vendors_with_payouts_have_live_offers(operator, category):
    vendor, owner = make_vendor(name="Verkauf")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Lampe")
    assert selectors.live_offer_get(offer_id=offer.id).id == offer.id

    def product_events() -> int:
        return OutboxEvent.objects.filter(topic=PRODUCT_CHANGED, key=f"product:{offer.product_id}").count()

    # Payouts switched off by Stripe: not for sale, and the index is told.
    events = product_events()
    services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=False,
        event_created=int(time.time()) + 10,
    )
    assert product_events() == events + 1
    with pytest.raises(NotFound):
        selectors.live_offer_get(offer_id=offer.id)
    # Back on.
    services.vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(time.time()) + 20,
    )
    assert product_events() == events + 2
    assert Offer.objects.filter(selectors.LIVE_OFFER, id=offer.id).exists()

    # Suspension takes the offers off sale; reinstatement restores them; each tells the index.
    services.vendor_suspend(actor=operator, vendor_id=vendor.id, reason="Prüfung")
    assert product_events() == events + 3
    assert not Offer.objects.filter(selectors.LIVE_OFFER, id=offer.id).exists()
    services.vendor_reinstate(actor=operator, vendor_id=vendor.id)
    assert product_events() == events + 4
    assert Offer.objects.filter(selectors.LIVE_OFFER, id=offer.id).exists()


@pytest.mark.django_db
def test_approval_without_payouts_does_not_touch_the_index(operator, category):
    vendor, _ = make_vendor(name="Still", approved=False)
    services.vendor_review_start(actor=operator, vendor_id=vendor.id)
    before = OutboxEvent.objects.filter(topic=PRODUCT_CHANGED).count()
    services.vendor_approve(actor=operator, vendor_id=vendor.id)
    # Sellability did not change (no payouts yet), so no product is re-published.
    assert OutboxEvent.objects.filter(topic=PRODUCT_CHANGED).count() == before
    assert make_sellable(vendor).can_sell


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["applied", "under_review", "info_requested", "rejected", "suspended"])
def test_onboarding_link_only_for_approved_vendors(operator, status):
    vendor, owner = make_vendor(name=f"Link {status}", approved=False)
    steps = {
        "applied": [],
        "under_review": ["review_start"],
        "info_requested": ["review_start", "info_request"],
        "rejected": ["review_start", "reject"],
        "suspended": ["review_start", "approve", "suspend"],
    }[status]
    for step in steps:
        services.vendor_transition(actor=operator, vendor_id=vendor.id, transition=step, explanation="Grund")
    before = row_counts()
    response = client_for(owner).post("/api/seller/vendor/stripe-onboarding-link/")
    assert response.status_code == 409
    assert "approved" in response.data["status"][0]
    assert row_counts() == before
