"""The Stripe gateway against stripe-mock (Stripe's own API mock) and locally signed webhooks."""

import hashlib
import hmac
import json
import time

import pytest

from marketplace.errors import DomainError
from marketplace.money import Money
from payouts.stripe_gateway import PaymentsNotConfigured, payment_intent_create, webhook_event_construct


def test_payment_intent_is_created_on_stripe_mock():
    result = payment_intent_create(amount=Money(13993, "EUR"), order_number="251122-ABCD", idempotency_key="order:1:pi")
    assert result.id.startswith("pi_")
    assert result.client_secret


def test_without_keys_card_payment_is_refused_clearly(settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(PaymentsNotConfigured):
        payment_intent_create(amount=Money(100, "EUR"), order_number="x", idempotency_key="k")


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def test_webhook_signatures_are_verified(settings):
    payload = json.dumps(
        {"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "data": {"object": {}}}
    ).encode()
    event = webhook_event_construct(payload=payload, signature=sign(payload, settings.STRIPE_WEBHOOK_SECRET))
    assert event.id == "evt_1"
    with pytest.raises(DomainError):
        webhook_event_construct(payload=payload, signature=sign(payload, "whsec_wrong"))
    with pytest.raises(DomainError):  # replayed long after it was signed
        webhook_event_construct(
            payload=payload, signature=sign(payload, settings.STRIPE_WEBHOOK_SECRET, int(time.time()) - 3600)
        )
