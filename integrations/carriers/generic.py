"""Any other carrier (or a shipping tool in between): our own documented JSON, signed.

POST ``{"carrier": "gls", "tracking_number": "…", "status": "delivered", "occurred_at":
"2026-12-07T10:00:00+01:00", "description": "…", "location": "…"}`` (or a list of such objects)
with ``X-Signature: sha256=<hex HMAC-SHA256 of the body with CARRIER_GENERIC_SECRET>``;
``status`` is one of the TrackingEvent codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.utils.dateparse import parse_datetime

from integrations.carriers.base import CarrierPush, ParsedEvent, PushRefused
from marketplace.carriers import CARRIERS

STATUSES = {"pre_transit", "in_transit", "out_for_delivery", "delivered", "failed", "unknown"}


def generic_signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class GenericPush(CarrierPush):
    name = "generic"

    def authenticate(self, request) -> None:
        secret = settings.CARRIER_GENERIC_SECRET
        given = request.headers.get("X-Signature", "")
        if not secret or not self.same_secret(given, generic_signature(request.body, secret)):
            raise PushRefused("missing or wrong signature", status=401)

    def parse(self, request) -> list[ParsedEvent]:
        try:
            body = json.loads(request.body)
        except ValueError:
            raise PushRefused("the body is not JSON") from None
        items = body if isinstance(body, list) else [body]
        events = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise PushRefused(f"item {index} is not an object")
            carrier, number, status = item.get("carrier"), item.get("tracking_number"), item.get("status")
            if carrier not in CARRIERS:
                raise PushRefused(f"item {index}: carrier must be one of {', '.join(sorted(CARRIERS))}")
            if not isinstance(number, str) or not number.strip():
                raise PushRefused(f"item {index}: tracking_number is required")
            if status not in STATUSES:
                raise PushRefused(f"item {index}: status must be one of {', '.join(sorted(STATUSES))}")
            occurred = parse_datetime(str(item.get("occurred_at") or ""))
            if occurred is None or occurred.tzinfo is None:
                raise PushRefused(f"item {index}: occurred_at must be an ISO 8601 time with offset")
            events.append(
                ParsedEvent(
                    carrier=carrier,
                    tracking_number=number.strip(),
                    code=status,
                    carrier_status=status,
                    occurred_at=occurred,
                    description=str(item.get("description") or "")[:300],
                    location=str(item.get("location") or "")[:200],
                )
            )
        return events
