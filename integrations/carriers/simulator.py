"""A local stand-in for the carriers' push services: builds the requests DHL, DPD and the
generic format send (as their documentation describes them, integrations/carriers) and sends
them to our endpoint, through a Django test client or over HTTP to a running server.

    push = dhl_push("003404341111", "delivered", when)
    send(push, client)                      # tests
    send(push, "http://127.0.0.1:8000")     # a running server (make run)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings

from integrations.carriers.generic import generic_signature

DHL_STATUS_TEXT = {
    "pre-transit": "The shipment has been processed in the parcel center",
    "transit": "The shipment has been loaded onto the delivery vehicle",
    "delivered": "The shipment has been successfully delivered",
    "failure": "The recipient was not present; notification card left",
}


@dataclass(frozen=True)
class PushRequest:
    method: str
    path: str
    query: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


def dhl_push(
    tracking_number: str,
    status_code: str,
    when: datetime,
    *,
    locality: str = "Berlin",
    token: str | None = None,
    header: str | None = None,
) -> PushRequest:
    scan = {
        "timestamp": when.isoformat(),
        "location": {"address": {"addressLocality": locality}},
        "statusCode": status_code,
        "status": status_code.upper(),
        "description": DHL_STATUS_TEXT.get(status_code, "Status"),
    }
    body = {"shipments": [{"id": tracking_number, "service": "parcel-de", "status": scan, "events": [scan]}]}
    return PushRequest(
        "POST",
        "/api/carriers/dhl/events/",
        headers={
            (header or settings.CARRIER_DHL_PUSH_HEADER): settings.CARRIER_DHL_PUSH_TOKEN if token is None else token
        },
        body=json.dumps(body).encode(),
        content_type="application/json",
    )


def dpd_push(
    parcel_number: str, status: str, when: datetime, *, pushid: str = "1", depot: str = "0163", token: str | None = None
) -> PushRequest:
    local = when.astimezone(ZoneInfo("Europe/Berlin"))
    return PushRequest(
        "GET",
        "/api/carriers/dpd/events/",
        query={
            "token": settings.CARRIER_DPD_PUSH_TOKEN if token is None else token,
            "pushid": pushid,
            "pnr": parcel_number,
            "depot": depot,
            "status": status,
            "statusdate": local.strftime("%d%m%Y%H%M%S"),
        },
    )


def generic_push(carrier: str, tracking_number: str, status: str, when: datetime, *, secret: str | None = None):
    body = json.dumps(
        {"carrier": carrier, "tracking_number": tracking_number, "status": status, "occurred_at": when.isoformat()}
    ).encode()
    signature = generic_signature(body, settings.CARRIER_GENERIC_SECRET if secret is None else secret)
    return PushRequest(
        "POST",
        "/api/carriers/generic/events/",
        headers={"X-Signature": signature},
        body=body,
        content_type="application/json",
    )


def send(push: PushRequest, target):
    """Send through a Django test client (``target`` has ``generic``) or to a base URL over HTTP."""
    if hasattr(target, "generic"):
        extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in push.headers.items()}
        return target.generic(push.method, push.url, push.body, content_type=push.content_type, **extra)
    import requests

    headers = dict(push.headers)
    if push.content_type:
        headers["Content-Type"] = push.content_type
    return requests.request(
        push.method, target.rstrip("/") + push.url, data=push.body or None, headers=headers, timeout=10
    )
