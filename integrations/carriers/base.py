from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse


class PushRefused(Exception):
    """The push is not from the carrier (401) or cannot be read (400)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ParsedEvent:
    carrier: str  # our carrier code (marketplace/carriers.py) of the shipment
    tracking_number: str
    code: str  # a TrackingEvent.Code value
    carrier_status: str
    occurred_at: datetime
    description: str = ""
    location: str = ""


class CarrierPush:
    name = ""

    def authenticate(self, request: HttpRequest) -> None:
        """Raise PushRefused(status=401) unless the request carries the carrier's credentials."""
        raise NotImplementedError

    def parse(self, request: HttpRequest) -> list[ParsedEvent]:
        raise NotImplementedError

    def acknowledge(self, request: HttpRequest, events: list[ParsedEvent], stored: int) -> HttpResponse:
        return JsonResponse({"received": len(events), "stored": stored})

    @staticmethod
    def same_secret(given: str, expected: str) -> bool:
        return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
