"""Carrier tracking pushes: one class per push format, behind one small interface.

Each carrier pushes scans of the shipments we registered with it to
``/api/carriers/<carrier>/events/``. A ``CarrierPush`` authenticates the request the way the
carrier's documentation describes, parses it into ``ParsedEvent``s with our event codes, and
builds the answer the carrier expects. ``integrations.tracking`` stores the events and delivers
parts. The carriers cannot be reached from here; ``integrations.carriers.simulator`` emits
their documented formats so the tests go through the real endpoint.
"""

from integrations.carriers.base import CarrierPush, ParsedEvent, PushRefused
from integrations.carriers.dhl import DhlPush
from integrations.carriers.dpd import DpdPush
from integrations.carriers.generic import GenericPush

PUSHES: dict[str, CarrierPush] = {push.name: push for push in (DhlPush(), DpdPush(), GenericPush())}

__all__ = ["PUSHES", "CarrierPush", "ParsedEvent", "PushRefused"]
