"""Outgoing webhooks: subscriptions, fan-out of events, signed delivery with retries, replay.

Events come from ``marketplace.webhook_events`` (outbox topic ``webhooks.event``). The fan-out
handler writes one ``WebhookDelivery`` per matching subscription (unique per subscription and
event, so a repeated fan-out adds nothing) and one outbox row per delivery (topic
``webhooks.delivery``). The delivery handler POSTs the payload signed per Standard Webhooks
(``standardwebhooks``: headers webhook-id, webhook-timestamp, webhook-signature), logs the
attempt, and raises on failure so the outbox retries with exponential backoff
(``marketplace.outbox.backoff``). A delivery stops after ``WEBHOOKS_MAX_ATTEMPTS``; a
subscription is disabled after ``WEBHOOKS_DISABLE_AFTER_FAILURES`` failed attempts in a row.

Targets must be public: a URL whose host resolves to a private, loopback, link-local or
otherwise reserved address is refused when subscribing and again before each attempt (unless
``WEBHOOKS_ALLOW_PRIVATE_TARGETS``, which the tests set to reach their local receiver), and each
attempt connects to the very address that was checked (no second look-up: DNS rebinding).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import secrets
import socket
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from standardwebhooks.webhooks import Webhook

from integrations.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from marketplace.models import OutboxEvent
from marketplace.outbox import backoff, outbox_publish
from marketplace.webhook_events import EVENT_TYPES

logger = logging.getLogger(__name__)

WEBHOOK_DELIVERY = "webhooks.delivery"
USER_AGENT = "Marketplace-Webhooks/1"


class DeliveryFailed(Exception):
    """An attempt failed; the outbox retries the row later."""


# ------------------------------------------------------------------------------ targets


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def target_check(url: str) -> str | None:
    """Refuse a URL that is not http(s), or whose host is or resolves to a non-public address.

    Returns the checked address the request must go to (None when private targets are allowed):
    the delivery connects to exactly that address (``PinnedAddressAdapter``), so a host name that
    resolves to a public address for the check and to a private one a moment later (DNS
    rebinding) cannot steer the request into the private network."""
    parts = urlsplit(url)
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS
    schemes = {"https", "http"} if allow_private else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        raise DomainError(_("Enter an https:// address."), field="url", code="webhook_url_scheme")
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise DomainError(_("This host name cannot be resolved."), field="url", code="webhook_url_unresolved") from None
    if not infos or any(_refused_address(info[4][0]) for info in infos):
        raise DomainError(
            _("Webhooks go only to public addresses, not to private or local networks."),
            field="url",
            code="webhook_url_private",
        )
    return infos[0][4][0]


class PinnedAddressAdapter(HTTPAdapter):
    """Connect to ``address`` whatever the URL's host resolves to now; the Host header, TLS server
    name and certificate check still use the URL's host name."""

    def __init__(self, address: str) -> None:
        self.address = address.split("%")[0]
        super().__init__(max_retries=0)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        hostname = host_params["host"]
        host_params["host"] = self.address
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = hostname
            pool_kwargs["assert_hostname"] = hostname
        return host_params, pool_kwargs


def webhook_post(url: str, *, address: str | None, **kwargs) -> requests.Response:
    """POST to ``url``; with ``address`` (from ``target_check``) to that address only."""
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment between us and the checked address
        if address is not None:
            parts = urlsplit(url)
            session.mount(f"{parts.scheme}://", PinnedAddressAdapter(address))
            host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
            # The connection goes to the address, so the Host header must name the URL's host.
            kwargs["headers"] = {
                **(kwargs.get("headers") or {}),
                "Host": f"{host}:{parts.port}" if parts.port else host,
            }
        return session.post(url, **kwargs)


# ------------------------------------------------------------------------------ subscriptions


def _new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked_events(events) -> list[str]:
    chosen = sorted(set(events or []))
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise DomainError(_("Unknown event: %(event)s.") % {"event": ", ".join(unknown)}, field="events")
    if not chosen:
        raise DomainError(_("Choose at least one event."), field="events")
    return chosen


def subscription_list(*, vendor) -> QuerySet[WebhookSubscription]:
    """A seller's subscriptions (``vendor`` None: the operators')."""
    return WebhookSubscription.objects.filter(Q(vendor=vendor) if vendor else Q(vendor__isnull=True))


def subscription_get(*, vendor, subscription_id: int) -> WebhookSubscription:
    try:
        return subscription_list(vendor=vendor).get(id=subscription_id)
    except WebhookSubscription.DoesNotExist:
        raise NotFound(_("No such webhook subscription."), field="subscription") from None


@transaction.atomic
def subscription_create(*, vendor, actor, url: str, events, description: str = "") -> WebhookSubscription:
    url = (url or "").strip()
    if not url:
        raise DomainError(_("Enter the address that receives the events."), field="url")
    if len(url) > 500:
        raise DomainError(_("The address is too long (500 characters at most)."), field="url")
    chosen = _checked_events(events)
    target_check(url)
    subscription = WebhookSubscription.objects.create(
        vendor=vendor,
        url=url,
        events=chosen,
        description=(description or "")[:200],
        secret=_new_secret(),
        created_by=actor,
    )
    audit_record(actor=actor, action="webhook.subscribe", obj=subscription, data={"url": url, "events": chosen})
    return subscription


@transaction.atomic
def subscription_delete(*, vendor, actor, subscription_id: int) -> None:
    subscription = subscription_get(vendor=vendor, subscription_id=subscription_id)
    audit_record(actor=actor, action="webhook.unsubscribe", obj=subscription, data={"url": subscription.url})
    subscription.delete()


@transaction.atomic
def subscription_enable(*, vendor, actor, subscription_id: int) -> WebhookSubscription:
    subscription = subscription_get(vendor=vendor, subscription_id=subscription_id)
    target_check(subscription.url)
    subscription.disabled_at, subscription.disabled_reason, subscription.consecutive_failures = None, "", 0
    subscription.save(update_fields=["disabled_at", "disabled_reason", "consecutive_failures"])
    audit_record(actor=actor, action="webhook.enable", obj=subscription)
    return subscription


def delivery_list(*, vendor, subscription_id: int | None = None) -> QuerySet[WebhookDelivery]:
    """The delivery log of a seller's subscriptions (``vendor`` None: the operators'), newest first."""
    owner = Q(subscription__vendor=vendor) if vendor else Q(subscription__vendor__isnull=True)
    deliveries = WebhookDelivery.objects.filter(owner)
    if subscription_id is not None:
        deliveries = deliveries.filter(subscription_id=subscription_id)
    return deliveries.select_related("subscription").prefetch_related("attempts")


def delivery_get(*, vendor, delivery_id: int) -> WebhookDelivery:
    try:
        return delivery_list(vendor=vendor).get(id=delivery_id)
    except WebhookDelivery.DoesNotExist:
        raise NotFound(_("No such delivery."), field="delivery") from None


@transaction.atomic
def delivery_replay(*, vendor, actor, delivery_id: int) -> WebhookDelivery:
    """Send a logged delivery again (same webhook-id, so the receiver can tell it is the same event)."""
    return _replay(delivery_get(vendor=vendor, delivery_id=delivery_id), actor=actor)


# ------------------------------------------------------------------------------ operators' view


def operator_subscription_list(*, vendor_id: int | None = None) -> QuerySet[WebhookSubscription]:
    """Every subscription, the sellers' and the operators' (``vendor_id``: one seller's only),
    with their failure counts; disabled ones first."""
    subscriptions = WebhookSubscription.objects.select_related("vendor")
    if vendor_id is not None:
        subscriptions = subscriptions.filter(vendor_id=vendor_id)
    return subscriptions.order_by(F("disabled_at").desc(nulls_last=True), "-created_at", "-id")


def operator_delivery_list(*, vendor_id: int | None = None, status: str = "") -> QuerySet[WebhookDelivery]:
    """The delivery log across sellers, newest first; ``status`` one of WebhookDelivery.Status."""
    deliveries = WebhookDelivery.objects.select_related("subscription__vendor")
    if vendor_id is not None:
        deliveries = deliveries.filter(subscription__vendor_id=vendor_id)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


@transaction.atomic
def operator_delivery_replay(*, actor, delivery_id: int) -> WebhookDelivery:
    """An operator sends any seller's logged delivery again (audited like the seller's replay)."""
    try:
        delivery = WebhookDelivery.objects.select_related("subscription").get(id=delivery_id)
    except WebhookDelivery.DoesNotExist:
        raise NotFound(_("No such delivery."), field="delivery") from None
    return _replay(delivery, actor=actor, by_operator=True)


def _replay(delivery: WebhookDelivery, *, actor, by_operator: bool = False) -> WebhookDelivery:
    if not delivery.subscription.is_active:
        raise DomainError(
            _("The subscription is disabled; enable it before replaying."), field="delivery", code="webhook_disabled"
        )
    WebhookDelivery.objects.filter(id=delivery.id).update(status=WebhookDelivery.Status.PENDING, next_attempt_at=None)
    outbox_publish(
        topic=WEBHOOK_DELIVERY, key=f"delivery:{delivery.id}", payload={"delivery_id": delivery.id, "replay": True}
    )
    data = {"event_id": delivery.event_id, "vendor_id": delivery.subscription.vendor_id, "by_operator": by_operator}
    audit_record(actor=actor, action="webhook.replay", obj=delivery, data=data)
    delivery.refresh_from_db()
    return delivery


# ------------------------------------------------------------------------------ outbox handlers


def handle_webhook_event(events: list[OutboxEvent]) -> None:
    """Fan one event out to the subscriptions that want it."""
    for event in events:
        payload = event.payload
        owner = Q(vendor__isnull=True)
        if payload.get("vendor_id"):
            owner |= Q(vendor_id=payload["vendor_id"])
        # Filtered in Python: SQLite (make run) has no JSON containment lookup.
        wanted = [
            s
            for s in WebhookSubscription.objects.filter(owner, disabled_at__isnull=True)
            if payload["type"] in s.events
        ]
        with transaction.atomic():
            for subscription in wanted:
                delivery, created = WebhookDelivery.objects.get_or_create(
                    subscription=subscription,
                    event_id=payload["id"],
                    defaults={
                        "event_type": payload["type"],
                        "payload": {
                            "type": payload["type"],
                            "timestamp": payload["timestamp"],
                            "data": payload["data"],
                        },
                    },
                )
                if created:
                    outbox_publish(
                        topic=WEBHOOK_DELIVERY, key=f"delivery:{delivery.id}", payload={"delivery_id": delivery.id}
                    )


def handle_webhook_delivery(events: list[OutboxEvent]) -> None:
    for event in events:
        _attempt(event)


def _attempt(event: OutboxEvent) -> None:
    delivery = WebhookDelivery.objects.select_related("subscription").filter(id=event.payload["delivery_id"]).first()
    if delivery is None or (delivery.status == WebhookDelivery.Status.DELIVERED and not event.payload.get("replay")):
        return  # subscription deleted, or delivered by an earlier row
    subscription = delivery.subscription
    if not subscription.is_active:
        WebhookDelivery.objects.filter(id=delivery.id).update(
            status=WebhookDelivery.Status.FAILED, next_attempt_at=None, last_error=_("Subscription disabled.")
        )
        return
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    now = timezone.now()
    status_code, error = None, ""
    started = time.monotonic()
    try:
        address = target_check(subscription.url)  # again now: the address may have changed since
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": Webhook(subscription.secret).sign(delivery.event_id, now, body),
        }
        response = webhook_post(
            subscription.url,
            address=address,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except DomainError as exc:
        error = exc.message
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration = int((time.monotonic() - started) * 1000)
    _record(event, delivery, subscription, now=now, status_code=status_code, error=error, duration=duration)


def _record(event, delivery, subscription, *, now, status_code, error, duration) -> None:
    replay = bool(event.payload.get("replay"))
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            attempted_at=now,
            replay=replay,
            response_status=status_code,
            error=error[:500],
            duration_ms=duration,
        )
        delivery.attempt_count += 1
        delivery.last_attempt_at, delivery.response_status, delivery.last_error = now, status_code, error[:500]
        subscription = WebhookSubscription.objects.select_for_update().get(id=subscription.id)
        if not error:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                now,
                None,
            )
            subscription.consecutive_failures = 0
            subscription.save(update_fields=["consecutive_failures"])
            delivery.save()
            return
        subscription.consecutive_failures += 1
        disable = subscription.consecutive_failures >= settings.WEBHOOKS_DISABLE_AFTER_FAILURES
        if disable and subscription.disabled_at is None:
            subscription.disabled_at = now
            subscription.disabled_reason = _("%(count)d failed deliveries in a row; last: %(error)s") % {
                "count": subscription.consecutive_failures,
                "error": error[:200],
            }
        subscription.save(update_fields=["consecutive_failures", "disabled_at", "disabled_reason"])
        # The outbox counts this row's attempts; a replay starts a fresh series of its own.
        give_up = disable or event.attempts + 1 >= settings.WEBHOOKS_MAX_ATTEMPTS
        delivery.status = WebhookDelivery.Status.FAILED if give_up else WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = None if give_up else now + backoff(event.attempts + 1)
        delivery.save()
    if not give_up:
        raise DeliveryFailed(error)
