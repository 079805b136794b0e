"""Parcel carriers we know: tracking number formats and public tracking pages (configuration)."""

import re
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    number_pattern: str
    tracking_url: str  # {number} is replaced

    def valid(self, number: str) -> bool:
        return re.fullmatch(self.number_pattern, number) is not None

    def url(self, number: str) -> str:
        return self.tracking_url.format(number=quote(number))


CARRIERS = {
    carrier.code: carrier
    for carrier in [
        Carrier(
            "dhl",
            "DHL",
            r"\d{12}|\d{20}|JJD\d{16,20}|[A-Z]{2}\d{9}[A-Z]{2}",
            "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={number}",
        ),
        Carrier("dpd", "DPD", r"\d{14}", "https://tracking.dpd.de/status/de_DE/parcel/{number}"),
        Carrier(
            "hermes",
            "Hermes",
            r"[A-Z0-9]{14,20}",
            "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#{number}",
        ),
        Carrier("gls", "GLS", r"[A-Z0-9]{8,12}", "https://gls-group.com/DE/de/paketverfolgung?match={number}"),
        Carrier("ups", "UPS", r"1Z[0-9A-Z]{16}", "https://www.ups.com/track?tracknum={number}"),
        Carrier(
            "post_at", "Österreichische Post", r"[A-Z0-9]{13,22}", "https://www.post.at/s/sendungsdetails?snr={number}"
        ),
        Carrier(
            "post_ch",
            "Swiss Post",
            r"[0-9.]{18,20}|[A-Z]{2}\d{9}CH",
            "https://service.post.ch/ekp-web/ui/entry/search/{number}",
        ),
    ]
}
