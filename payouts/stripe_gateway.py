"""The only module that talks to Stripe. Returns plain results; raises PaymentGatewayError.

Every call that moves money carries an idempotency key of ours, so a retry after a crash or a
timeout cannot charge or pay twice.
"""
from __future__ import annotations

from dataclasses import dataclass

import stripe
from django.conf import settings

from marketplace.errors import DomainError
from marketplace.money import Money


class PaymentGatewayError(DomainError):
    status_code = 502
    default_code = "payment_gateway_error"


class PaymentsNotConfigured(DomainError):
    default_code = "payments_not_configured"


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("Card payment needs STRIPE_SECRET_KEY; invoice payment works without it.")
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2)


@dataclass(frozen=True)
class PaymentIntentResult:
    id: str
    client_secret: str
    status: str


def payment_intent_create(*, amount: Money, order_number: str, idempotency_key: str) -> PaymentIntentResult:
    """One PaymentIntent on the platform account for a whole order (separate charges and transfers)."""
    try:
        intent = _client().v1.payment_intents.create(
            params={
                "amount": amount.amount,
                "currency": amount.currency.lower(),
                "transfer_group": order_number,
                "metadata": {"order_number": order_number},
                "automatic_payment_methods": {"enabled": True},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise PaymentGatewayError(f"Stripe refused the payment: {exc.user_message or exc}") from exc
    return PaymentIntentResult(id=intent.id, client_secret=intent.client_secret or "", status=intent.status)


def webhook_event_construct(*, payload: bytes, signature: str) -> stripe.Event:
    """Verify a webhook's signature (constant time, with timestamp tolerance) and parse it."""
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise DomainError("Invalid webhook payload or signature.", code="invalid_signature") from exc
