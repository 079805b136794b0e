"""The only module that talks to Stripe. Returns plain results; raises PaymentGatewayError.

Every call that moves money carries an idempotency key of ours, so a retry after a crash or a
timeout cannot charge or pay twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from marketplace.errors import DomainError
from marketplace.money import Money, UnknownCurrency


class PaymentGatewayError(DomainError):
    status_code = 502
    default_code = "payment_gateway_error"


class PaymentsNotConfigured(DomainError):
    default_code = "payments_not_configured"


_local = threading.local()


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured(_("Card payment needs STRIPE_SECRET_KEY; invoice payment works without it."))
    # One client per thread and configuration, so its HTTP connections are kept alive between
    # calls (a payout run makes thousands); payout runs call from several threads.
    config = (settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, settings.STRIPE_TIMEOUT_SECONDS)
    cached = getattr(_local, "client", None)
    if cached is None or cached[0] != config:
        base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
        # A hanging Stripe must not hold a worker for the library's default 80 s; a timed-out
        # call is retried with the same idempotency key (Stripe replays the first answer).
        http_client = stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS)
        cached = (
            config,
            stripe.StripeClient(
                settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2, http_client=http_client
            ),
        )
        _local.client = cached
    return cached[1]


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
                **(
                    {"payment_method_types": list(settings.STRIPE_PAYMENT_METHOD_TYPES)}
                    if settings.STRIPE_PAYMENT_METHOD_TYPES
                    else {"automatic_payment_methods": {"enabled": True}}
                ),
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise PaymentGatewayError(
            _("Stripe refused the payment: %(reason)s") % {"reason": exc.user_message or exc}
        ) from exc
    return PaymentIntentResult(id=intent.id, client_secret=intent.client_secret or "", status=intent.status)


def webhook_event_construct(*, payload: bytes, signature: str) -> stripe.Event:
    """Verify a webhook's signature (constant time, with timestamp tolerance) and parse it."""
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise DomainError(_("Invalid webhook payload or signature."), code="invalid_signature") from exc


# --- Payments, transfers, refunds, reconciliation (payouts issue) -------------------------------


class PaymentGatewayUnavailable(PaymentGatewayError):
    """Stripe could not be reached or failed on its side: the outcome is unknown, so the caller
    keeps its row pending and retries with the same idempotency key."""

    status_code = 503
    default_code = "payment_gateway_unavailable"


def _call(action: str, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
        raise PaymentGatewayUnavailable(
            _("Stripe is not reachable for the %(action)s: %(reason)s") % {"action": _(action), "reason": exc}
        ) from exc
    except stripe.StripeError as exc:
        raise PaymentGatewayError(
            _("Stripe refused the %(action)s: %(reason)s") % {"action": _(action), "reason": exc.user_message or exc}
        ) from exc


def payment_intent_retrieve(*, payment_intent_id: str) -> PaymentIntentResult:
    intent = _call(gettext_noop("lookup"), _client().v1.payment_intents.retrieve, payment_intent_id)
    return PaymentIntentResult(id=intent.id, client_secret=intent.client_secret or "", status=intent.status)


def payment_intent_cancel(*, payment_intent_id: str) -> PaymentIntentResult:
    """Cancel an unpaid intent so the buyer can no longer pay it; a paid one is returned as is."""
    intent = _call(gettext_noop("lookup"), _client().v1.payment_intents.retrieve, payment_intent_id)
    if intent.status in ("succeeded", "canceled", "processing"):
        return PaymentIntentResult(id=intent.id, client_secret="", status=intent.status)
    intent = _call(
        gettext_noop("cancellation"),
        _client().v1.payment_intents.cancel,
        payment_intent_id,
        params={"cancellation_reason": "abandoned"},
    )
    return PaymentIntentResult(id=intent.id, client_secret="", status=intent.status)


@dataclass(frozen=True)
class ChargeFee:
    charge_id: str
    fee: Money  # in the currency of the platform's Stripe balance, which may differ from the charge's


def payment_fee_get(*, payment_intent_id: str) -> ChargeFee | None:
    """What Stripe took for a payment: the fee on its charge's balance transaction.

    None while Stripe has not settled the charge yet (no balance transaction), so the caller
    keeps its tariff estimate and may ask again later.
    """
    intent = _call(
        gettext_noop("fee lookup"),
        _client().v1.payment_intents.retrieve,
        payment_intent_id,
        params={"expand": ["latest_charge.balance_transaction"]},
    )
    charge = intent.latest_charge
    txn = getattr(charge, "balance_transaction", None) if charge is not None and not isinstance(charge, str) else None
    if txn is None or isinstance(txn, str):
        return None
    try:
        return ChargeFee(charge_id=charge.id, fee=Money(int(txn.fee), txn.currency.upper()))
    except UnknownCurrency:  # a settlement currency we do not book: keep the estimate
        return None


@dataclass(frozen=True)
class TransferResult:
    id: str
    amount: int


def transfer_create(*, amount: Money, destination: str, idempotency_key: str, description: str = "") -> TransferResult:
    """Move money from the platform balance to a connected account (one payout)."""
    transfer = _call(
        gettext_noop("transfer"),
        _client().v1.transfers.create,
        params={
            "amount": amount.amount,
            "currency": amount.currency.lower(),
            "destination": destination,
            "description": description,
        },
        options={"idempotency_key": idempotency_key},
    )
    return TransferResult(id=transfer.id, amount=transfer.amount)


def transfer_reversal_create(*, transfer_id: str, amount: Money, idempotency_key: str) -> str:
    """Take (part of) a transfer back from the connected account; returns the reversal id."""
    reversal = _call(
        gettext_noop("transfer reversal"),
        _client().v1.transfers.reversals.create,
        transfer_id,
        params={"amount": amount.amount},
        options={"idempotency_key": idempotency_key},
    )
    return reversal.id


def refund_create(*, payment_intent_id: str, amount: Money, idempotency_key: str) -> str:
    """Refund part of an order's payment to the buyer; returns the refund id."""
    refund = _call(
        gettext_noop("refund"),
        _client().v1.refunds.create,
        params={"payment_intent": payment_intent_id, "amount": amount.amount},
        options={"idempotency_key": idempotency_key},
    )
    return refund.id


@dataclass(frozen=True)
class BalanceTransaction:
    id: str
    type: str
    source: str
    currency: str
    amount: int
    fee: int
    created: int


def balance_transactions_list(
    *, created_from: int, created_until: int, limit: int = 10_000
) -> list[BalanceTransaction]:
    """The platform's balance transactions in a time window (auto-paginated)."""
    page = _call(
        gettext_noop("balance lookup"),
        _client().v1.balance_transactions.list,
        params={"created": {"gte": created_from, "lt": created_until}, "limit": 100},
    )
    result = []
    for txn in page.auto_paging_iter():
        source = txn.source if isinstance(txn.source, str) else getattr(txn.source, "id", "")
        result.append(
            BalanceTransaction(
                id=txn.id,
                type=txn.type,
                source=source or "",
                currency=txn.currency.upper(),
                amount=txn.amount,
                fee=txn.fee,
                created=txn.created,
            )
        )
        if len(result) >= limit:
            break
    return result


# --------------------------------------------------------------------------- Connect (vendors)


@dataclass(frozen=True)
class ConnectedAccountResult:
    id: str
    charges_enabled: bool
    payouts_enabled: bool


@dataclass(frozen=True)
class AccountLinkResult:
    url: str
    expires_at: int


def connected_account_create(
    *, vendor_id: int, email: str, country: str, business_name: str, idempotency_key: str
) -> ConnectedAccountResult:
    """An Express connected account for a vendor; it receives transfers (separate charges and transfers)."""
    try:
        account = _client().v1.accounts.create(
            params={
                "type": "express",
                "country": country,
                "email": email,
                "business_profile": {"name": business_name},
                "capabilities": {"transfers": {"requested": True}},
                "metadata": {"vendor_id": str(vendor_id)},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise PaymentGatewayError(
            _("Stripe refused to create the connected account: %(reason)s") % {"reason": exc.user_message or exc}
        ) from exc
    return ConnectedAccountResult(
        id=account.id, charges_enabled=bool(account.charges_enabled), payouts_enabled=bool(account.payouts_enabled)
    )


def account_link_create(*, account_id: str, refresh_url: str, return_url: str) -> AccountLinkResult:
    """A single-use onboarding link (Account Links) where the vendor completes its Stripe details."""
    try:
        link = _client().v1.account_links.create(
            params={
                "account": account_id,
                "type": "account_onboarding",
                "refresh_url": refresh_url,
                "return_url": return_url,
            }
        )
    except stripe.StripeError as exc:
        raise PaymentGatewayError(
            _("Stripe refused the onboarding link: %(reason)s") % {"reason": exc.user_message or exc}
        ) from exc
    return AccountLinkResult(url=link.url, expires_at=int(link.expires_at))
