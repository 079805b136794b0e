"""DAC7 (Council Directive (EU) 2021/514; in Germany the PStTG): who is reported for a period, the
notice each reportable seller gets before the file, and the file in the OECD DPI XML format (v1.0),
validated against the schema in payouts/dac7_schema/ before it is handed out.

- Reportable: a seller resident in an EU member state (its address) with sales in the period.
- Excluded (de minimis, Annex V I.B.3): fewer than 30 sales of goods AND consideration of at most
  2,000 EUR in the period. Sellers outside the EU are not reportable sellers.
- The file needs a notice for every reportable seller of the period first (``dac7_notices_send``):
  a row with the data that will be reported, an inbox entry and a mail (outbox, once per seller).
- Amounts: the DPI schema takes whole units; minor units are rounded half up per quarter.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from marketplace.outbox import outbox_publish
from payouts.models import Dac7Notice
from payouts.selectors.reports import dac7_report
from vendors.models import SellerNotification, Vendor
from vendors.notifications import seller_notify
from vendors.services.tax_data import EU_COUNTRIES, is_individual, tax_data_missing, tax_data_of

DE_MINIMIS_SALES = 30  # fewer than this many sales ...
DE_MINIMIS_CONSIDERATION = 200_000  # ... and at most this much (minor units of EUR) -> excluded
REPORT_CURRENCY = "EUR"
NOTICE_MAIL = "payouts.dac7_notice_mail"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "dac7_schema"
NS = "urn:oecd:ties:dpi:v1"
STF = "urn:oecd:ties:dpistf:v1"

REPORTABLE = "reportable"
EXCLUDED_DE_MINIMIS = "de_minimis"
EXCLUDED_NON_EU = "non_eu"


@dataclass
class Dac7Seller:
    vendor: Vendor
    # quarter (1-4) -> [sales, consideration, fees] in minor units of EUR
    quarters: dict[int, list[int]] = field(default_factory=lambda: {q: [0, 0, 0] for q in (1, 2, 3, 4)})
    status: str = REPORTABLE
    missing: list[str] = field(default_factory=list)

    @property
    def sales(self) -> int:
        return sum(q[0] for q in self.quarters.values())

    @property
    def consideration(self) -> int:
        return sum(q[1] for q in self.quarters.values())

    @property
    def fees(self) -> int:
        return sum(q[2] for q in self.quarters.values())


def _check_period(year: int, quarter: int) -> None:
    if not 2023 <= year <= timezone.localdate().year:
        raise DomainError(_("DAC7 periods start in 2023 and cannot lie in the future."), field="year")
    if quarter not in (0, 1, 2, 3, 4):
        raise DomainError(_("The quarter is 1 to 4, or 0 for the whole year."), field="quarter")


def period_end(year: int, quarter: int) -> date:
    """The ReportingPeriod of the file: the last day of the period."""
    if quarter == 0:
        return date(year, 12, 31)
    month = quarter * 3
    return date(year, month, {3: 31, 6: 30, 9: 30, 12: 31}[month])


def dac7_sellers(*, year: int, quarter: int = 0) -> list[Dac7Seller]:
    """Every seller with sales in the period, classified (reportable or why excluded), with what
    its data still lacks. Only EUR sales count (the shop's currency)."""
    _check_period(year, quarter)
    sellers: dict[int, Dac7Seller] = {}
    rows = [r for r in dac7_report(year=year) if r.currency == REPORT_CURRENCY and quarter in (0, r.quarter)]
    vendors = Vendor.objects.select_related("tax_data").in_bulk({r.vendor_id for r in rows})
    for r in rows:
        seller = sellers.setdefault(r.vendor_id, Dac7Seller(vendor=vendors[r.vendor_id]))
        figures = seller.quarters[r.quarter]
        figures[0] += r.sales_count
        figures[1] += r.consideration
        figures[2] += r.fees_withheld
    for seller in sellers.values():
        if seller.vendor.country not in EU_COUNTRIES:
            seller.status = EXCLUDED_NON_EU
        elif seller.sales < DE_MINIMIS_SALES and seller.consideration <= DE_MINIMIS_CONSIDERATION:
            seller.status = EXCLUDED_DE_MINIMIS
        else:
            seller.missing = tax_data_missing(seller.vendor)
    return sorted(sellers.values(), key=lambda s: (s.status != REPORTABLE, s.vendor.name, s.vendor.id))


def _whole(minor: int) -> int:
    """Minor units to whole units, half up (the DPI amounts carry no decimals)."""
    return (minor + 50) // 100 if minor >= 0 else -((-minor + 50) // 100)


def notice_data(seller: Dac7Seller, *, year: int, quarter: int) -> dict:
    """The snapshot a seller is told about: identity as it will be reported and the figures."""
    vendor = seller.vendor
    tax = tax_data_of(vendor)
    return {
        "year": year,
        "quarter": quarter,
        "individual": is_individual(vendor),
        "name": (f"{tax.first_name} {tax.last_name}".strip() if is_individual(vendor) else vendor.legal_name),
        "tin": tax.tin,
        "tin_country": tax.tin_country,
        "date_of_birth": tax.date_of_birth.isoformat() if tax.date_of_birth else "",
        "address": {
            "street": vendor.street,
            "postal_code": vendor.postal_code,
            "city": vendor.city,
            "country": vendor.country,
        },
        "register_number": vendor.register_number,
        "vat_id": vendor.vat_id,
        "permanent_establishments": list(tax.permanent_establishments or []),
        "iban": vendor.iban,
        "currency": REPORT_CURRENCY,
        "quarters": {str(q): {"sales": f[0], "consideration": f[1], "fees": f[2]} for q, f in seller.quarters.items()},
        "missing": seller.missing,
    }


def dac7_notices_send(*, actor, year: int, quarter: int = 0) -> int:
    """Tell every reportable seller of the period what will be reported (page, inbox, mail).
    A seller already told for the period is skipped, so reruns send nothing twice. Returns how
    many were new."""
    sent = 0
    for seller in dac7_sellers(year=year, quarter=quarter):
        if seller.status != REPORTABLE:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    notice = Dac7Notice.objects.create(
                        vendor=seller.vendor,
                        year=year,
                        quarter=quarter,
                        data=notice_data(seller, year=year, quarter=quarter),
                        created_by=actor,
                    )
            except IntegrityError:
                continue
            url = f"{reverse('frontend:seller_tax_data')}?vendor={seller.vendor.id}"
            seller_notify(
                vendor_id=seller.vendor.id,
                kind=SellerNotification.Kind.LEGAL,
                key=f"dac7:{year}:{quarter}",
                params={"topic": "dac7", "year": year, "quarter": quarter},
                url=url,
            )
            outbox_publish(topic=NOTICE_MAIL, key=f"dac7_notice:{notice.id}", payload={"notice_id": notice.id})
            audit_record(actor=actor, action="dac7.notice_created", obj=seller.vendor, data={"notice": notice.id})
            sent += 1
    return sent


def _money(minor: int) -> str:
    return f"{minor / 100:.2f} {REPORT_CURRENCY}"


def handle_notice_mail(events) -> None:
    """Outbox handler: the notice mail, once (``mailed_at`` claimed under a row lock)."""
    for event in events:
        with transaction.atomic():
            notice = (
                Dac7Notice.objects.select_for_update()
                .select_related("vendor")
                .filter(id=event.payload["notice_id"], mailed_at__isnull=True)
                .first()
            )
            if notice is None or not notice.vendor.email:
                continue
            vendor, data = notice.vendor, notice.data
            with translation.override(vendor.language or settings.LANGUAGE_CODE):
                period = (
                    _("%(year)s, quarter %(q)s") % {"year": notice.year, "q": notice.quarter}
                    if notice.quarter
                    else str(notice.year)
                )
                lines = [
                    _("Hello %(name)s,") % {"name": vendor.name},
                    "",
                    _(
                        "as a platform operator we must report your sales to the Federal Central Tax Office "
                        "(DAC7, Platform Tax Transparency Act). For %(period)s we will report:"
                    )
                    % {"period": period},
                    "",
                    _("Name: %(v)s") % {"v": data["name"] or "-"},
                    _("Tax identification number: %(v)s (%(c)s)") % {"v": data["tin"] or "-", "c": data["tin_country"]},
                    _("Address: %(street)s, %(postal_code)s %(city)s, %(country)s") % data["address"],
                ]
                if data["date_of_birth"]:
                    lines.append(_("Date of birth: %(v)s") % {"v": data["date_of_birth"]})
                if data["register_number"]:
                    lines.append(_("Register number: %(v)s") % {"v": data["register_number"]})
                for q, figures in sorted(data["quarters"].items()):
                    lines.append(
                        _("Quarter %(q)s: %(sales)s sales, consideration %(cons)s, fees %(fees)s")
                        % {
                            "q": q,
                            "sales": figures["sales"],
                            "cons": _money(figures["consideration"]),
                            "fees": _money(figures["fees"]),
                        }
                    )
                if data["missing"]:
                    lines += ["", _("Missing data, please complete it: %(f)s") % {"f": ", ".join(data["missing"])}]
                lines += ["", f"{settings.SITE_URL}{reverse('frontend:seller_tax_data')}?vendor={vendor.id}"]
                send_mail(
                    _("What we will report about you (DAC7, %(period)s)") % {"period": period},
                    "\n".join(lines),
                    None,
                    [vendor.email],
                )
            notice.mailed_at = timezone.now()
            notice.save(update_fields=["mailed_at"])


# --- the XML file -------------------------------------------------------------------------------


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "DPIXML_v1.0.xsd")))


def _el(parent, name: str, text=None, ns: str = NS, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{name}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def _doc_spec(parent, ref: str) -> None:
    spec = _el(parent, "DocSpec")
    _el(spec, "DocTypeIndic", "OECD1", ns=STF)
    _el(spec, "DocRefId", ref, ns=STF)


def _address(parent, *, country: str, street: str, postal_code: str, city: str) -> None:
    address = _el(parent, "Address")
    _el(address, "CountryCode", country)
    fix = _el(address, "AddressFix")
    if street:
        _el(fix, "Street", street)
    if postal_code:
        _el(fix, "PostCode", postal_code)
    _el(fix, "City", city or "-")


def _seller(body, seller: Dac7Seller, *, ref: str) -> None:
    vendor, tax = seller.vendor, tax_data_of(seller.vendor)
    node = _el(body, "ReportableSeller")
    identity = _el(node, "Identity")
    individual = is_individual(vendor)
    standard = _el(_el(identity, "IndividualSeller" if individual else "EntitySeller"), "Standard")
    party = _el(standard, "IndSellerID" if individual else "EntSellerID")
    _el(party, "ResCountryCode", vendor.country)
    if tax.tin:
        _el(party, "TIN", tax.tin, issuedBy=tax.tin_country)
    else:
        _el(party, "TIN", "NOTIN", unknown="true")
    if not individual and vendor.register_number:
        _el(party, "IN", vendor.register_number, issuedBy=vendor.country, INType="BRN")
    if vendor.vat_id:
        _el(party, "VAT", vendor.vat_id)
    if individual:
        name = _el(party, "Name")
        _el(name, "FirstName", tax.first_name or "NFN")
        _el(name, "LastName", tax.last_name or vendor.legal_name or vendor.name)
    else:
        _el(party, "Name", vendor.legal_name or vendor.name)
    _address(party, country=vendor.country, street=vendor.street, postal_code=vendor.postal_code, city=vendor.city)
    if individual:
        birth = _el(party, "BirthInfo")
        _el(birth, "BirthDate", (tax.date_of_birth or date(1900, 1, 1)).isoformat())
    if vendor.iban:
        financial = _el(standard, "FinancialIdentifier")
        _el(financial, "Identifier", vendor.iban, AccountNumberType="IBAN")
        _el(financial, "AccountHolderName", vendor.legal_name or vendor.name)
    if not individual and tax.permanent_establishments:
        establishments = _el(standard, "PermanentEstablishments")
        for code in tax.permanent_establishments:
            _el(establishments, "PermanentEstablishment", code)
    goods = _el(_el(node, "RelevantActivities"), "SaleOfGoods")
    for group, prefix, index in (
        ("Consideration", "ConsQ", 1),
        ("NumberOfActivities", "NumbQ", 0),
        ("Fees", "FeesQ", 2),
        ("Taxes", "TaxQ", None),
    ):
        container = _el(goods, group)
        for q in (1, 2, 3, 4):
            if index == 0:
                _el(container, f"{prefix}{q}", seller.quarters[q][0])
            else:
                value = 0 if index is None else _whole(seller.quarters[q][index])
                _el(container, f"{prefix}{q}", value, currCode=REPORT_CURRENCY)
    _doc_spec(node, ref)


@dataclass
class Dac7File:
    xml: bytes
    filename: str
    reported: list[int]  # vendor ids
    excluded: list[int]


def dac7_xml(*, year: int, quarter: int = 0, now: datetime | None = None) -> Dac7File:
    """The period's DPI file, valid against the schema (else a Conflict naming the first error).
    Every reportable seller must have had its notice (``dac7_notices_send``) first."""
    sellers = dac7_sellers(year=year, quarter=quarter)
    reportable = [s for s in sellers if s.status == REPORTABLE]
    told = set(
        Dac7Notice.objects.filter(year=year, quarter=quarter, vendor__in=[s.vendor for s in reportable]).values_list(
            "vendor_id", flat=True
        )
    )
    untold = [s.vendor.name for s in reportable if s.vendor.id not in told]
    if untold:
        raise Conflict(
            _("Send the sellers their DAC7 notice first; not yet told: %(names)s.") % {"names": ", ".join(untold[:10])},
            field="notices",
            code="dac7_notice_missing",
        )
    now = now or timezone.now()
    operator = settings.MARKETPLACE_OPERATOR
    country = operator["country"]
    stamp = now.strftime("%Y%m%dT%H%M%S")
    message_ref = f"{country}{year}Q{quarter}-{stamp}-{uuid.uuid4().hex[:8]}"
    root = etree.Element(f"{{{NS}}}DPI_OECD", nsmap={"dpi": NS, "stf": STF}, version="1.0")
    spec = _el(root, "MessageSpec")
    _el(spec, "TransmittingCountry", country)
    _el(spec, "ReceivingCountry", country)
    _el(spec, "MessageType", "DPI")
    _el(spec, "MessageRefId", message_ref)
    _el(spec, "MessageTypeIndic", "DPI401" if reportable else "DPI403")
    _el(spec, "ReportingPeriod", period_end(year, quarter).isoformat())
    _el(
        spec,
        "Timestamp",
        now.astimezone(timezone.get_current_timezone()).replace(tzinfo=None).isoformat(timespec="seconds"),
    )
    body = _el(root, "DPIBody")
    platform = _el(body, "PlatformOperator")
    _el(platform, "ResCountryCode", country)
    tin = settings.DAC7_OPERATOR_TIN
    if tin:
        _el(platform, "TIN", tin, issuedBy=country)
    else:
        _el(platform, "TIN", "NOTIN", unknown="true")
    if operator.get("vat_id"):
        _el(platform, "VAT", operator["vat_id"])
    _el(platform, "Name", operator["legal_name"])
    _el(platform, "PlatformBusinessName", settings.DAC7_PLATFORM_NAME or operator["legal_name"])
    _address(
        platform,
        country=country,
        street=operator["street"],
        postal_code=operator["postal_code"],
        city=operator["city"],
    )
    _el(platform, "Nexus", "RPONEX1")
    _el(platform, "AssumedReporting", "false")
    _doc_spec(platform, f"{message_ref}-PO")
    for seller in reportable:
        _seller(body, seller, ref=f"{message_ref}-S{seller.vendor.id}")
    schema = _schema()
    if not schema.validate(root):
        error = schema.error_log.last_error
        raise Conflict(
            _("The DAC7 file does not validate against the DPI schema: %(error)s") % {"error": error.message},
            field="xml",
            code="dac7_schema_invalid",
        )
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    suffix = f"-q{quarter}" if quarter else ""
    return Dac7File(
        xml=xml,
        filename=f"dac7-{year}{suffix}.xml",
        reported=[s.vendor.id for s in reportable],
        excluded=[s.vendor.id for s in sellers if s.status != REPORTABLE],
    )


def dac7_validate(xml: bytes) -> list[str]:
    """Schema errors of a DPI file (empty: valid)."""
    schema = _schema()
    document = etree.fromstring(xml)
    return [] if schema.validate(document) else [str(e) for e in schema.error_log]
