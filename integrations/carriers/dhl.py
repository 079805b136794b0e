"""DHL Shipment Tracking – Unified – Push.

DHL pushes (POST, JSON) the shipment as the Unified tracking API returns it:
``{"shipments": [{"id": ..., "service": ..., "status": {...}, "events": [{...}, ...]}]}``, each
status/event with ``timestamp``, ``statusCode`` (``pre-transit``, ``transit``, ``delivered``,
``failure``, ``unknown``), ``status``, ``description`` and ``location.address.addressLocality``.
The subscription's ``hook.authentication`` is ``ApiKeyAuthentication`` with a header name and a
token of our choice, which DHL sends with every push: ``CARRIER_DHL_PUSH_HEADER`` and
``CARRIER_DHL_PUSH_TOKEN``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.dateparse import parse_datetime

from integrations.carriers.base import CarrierPush, ParsedEvent, PushRefused

CODES = {
    "pre-transit": "pre_transit",
    "transit": "in_transit",
    "delivered": "delivered",
    "failure": "failed",
    "unknown": "unknown",
}


class DhlPush(CarrierPush):
    name = "dhl"

    def authenticate(self, request) -> None:
        given = request.headers.get(settings.CARRIER_DHL_PUSH_HEADER, "")
        if not self.same_secret(given, settings.CARRIER_DHL_PUSH_TOKEN):
            raise PushRefused("missing or wrong push token", status=401)

    def parse(self, request) -> list[ParsedEvent]:
        try:
            body = json.loads(request.body)
            shipments = body["shipments"]
            if not isinstance(shipments, list):
                raise TypeError("shipments is not a list")
            return [event for shipment in shipments for event in self._shipment(shipment)]
        except (ValueError, KeyError, TypeError) as exc:
            raise PushRefused(f"not a DHL tracking push: {exc}") from None

    def _shipment(self, shipment: dict) -> list[ParsedEvent]:
        number = str(shipment["id"])
        scans = shipment.get("events") or [shipment["status"]]
        return [self._event(number, scan) for scan in scans]

    def _event(self, number: str, scan: dict) -> ParsedEvent:
        occurred = parse_datetime(scan["timestamp"])
        if occurred is None or occurred.tzinfo is None:
            raise ValueError(f"timestamp {scan.get('timestamp')!r} is no ISO 8601 time with offset")
        status_code = str(scan.get("statusCode") or "unknown")
        address = (scan.get("location") or {}).get("address") or {}
        return ParsedEvent(
            carrier="dhl",
            tracking_number=number,
            code=CODES.get(status_code, "unknown"),
            carrier_status=f"{status_code}:{scan.get('status') or ''}"[:100],
            occurred_at=occurred,
            description=str(scan.get("description") or scan.get("status") or "")[:300],
            location=str(address.get("addressLocality") or "")[:200],
        )
