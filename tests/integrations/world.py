"""Integrations objects for the authorisation matrix and the page inventory: Alpha's API key,
webhook subscription and one logged delivery."""

from integrations import api_keys, webhooks
from integrations.models import WebhookDelivery


def integrations_world(*, alpha) -> dict:
    issued = api_keys.api_key_create(vendor=alpha.vendor, actor=alpha.owner, name="ERP", scopes=["offers:write"])
    # A rare event and an address that never resolves: building worlds sends nothing anywhere.
    subscription = webhooks.subscription_create(
        vendor=alpha.vendor, actor=alpha.owner, url="https://hooks.example.invalid/alpha", events=["payout.paid"]
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id="msg_world",
        event_type="payout.paid",
        payload={"type": "payout.paid", "timestamp": "2026-01-01T00:00:00+00:00", "data": {}},
        status=WebhookDelivery.Status.FAILED,
        attempt_count=1,
        last_error="ConnectionError",
    )
    return {"api_key": issued.key, "webhook_subscription": subscription, "webhook_delivery": delivery}
