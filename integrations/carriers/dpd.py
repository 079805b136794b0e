"""DPD (Germany) tracking push.

DPD calls the URL we register for every parcel status with the status as parameters: ``pushid``
(repeated in our answer), ``pnr`` (the 14-digit parcel number), ``depot``, ``status`` (the parcel
life cycle status, e.g. ``ACCEPTED``, ``ON_THE_ROAD``, ``AT_DELIVERY_DEPOT``, ``OUT_FOR_DELIVERY``,
``DELIVERED``) and ``statusdate`` (``ddMMyyyyHHmmss``, German time). It expects the answer
``<push><pushid>…</pushid><status>OK</status></push>``. DPD signs nothing: the URL we register
carries a secret of ours (``?token=``, ``CARRIER_DPD_PUSH_TOKEN``), which is what we check.
"""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse

from integrations.carriers.base import CarrierPush, ParsedEvent, PushRefused

CODES = {
    "ACCEPTED": "pre_transit",
    "AT_SENDING_DEPOT": "in_transit",
    "ON_THE_ROAD": "in_transit",
    "AT_DELIVERY_DEPOT": "in_transit",
    "OUT_FOR_DELIVERY": "out_for_delivery",
    "DELIVERED": "delivered",
    "DELIVERED_PARCELSHOP": "delivered",
    "NOT_DELIVERED": "failed",
}
GERMAN_TIME = ZoneInfo("Europe/Berlin")


class DpdPush(CarrierPush):
    name = "dpd"

    def _params(self, request):
        return request.POST if request.method == "POST" else request.GET

    def authenticate(self, request) -> None:
        if not self.same_secret(request.GET.get("token", ""), settings.CARRIER_DPD_PUSH_TOKEN):
            raise PushRefused("missing or wrong token", status=401)

    def parse(self, request) -> list[ParsedEvent]:
        params = self._params(request)
        missing = [name for name in ("pushid", "pnr", "status", "statusdate") if not params.get(name)]
        if missing:
            raise PushRefused(f"missing parameters: {', '.join(missing)}")
        try:
            occurred = datetime.strptime(params["statusdate"], "%d%m%Y%H%M%S").replace(tzinfo=GERMAN_TIME)
        except ValueError:
            raise PushRefused("statusdate is not ddMMyyyyHHmmss") from None
        status = params["status"].strip().upper()
        return [
            ParsedEvent(
                carrier="dpd",
                tracking_number=params["pnr"].strip(),
                code=CODES.get(status, "unknown"),
                carrier_status=status[:100],
                occurred_at=occurred,
                location=params.get("depot", "")[:200],
            )
        ]

    def acknowledge(self, request, events, stored):
        pushid = escape(self._params(request).get("pushid", ""))
        return HttpResponse(
            f"<push><pushid>{pushid}</pushid><status>OK</status></push>", content_type="application/xml"
        )
