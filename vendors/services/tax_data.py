"""DAC7 seller data (Council Directive (EU) 2021/514, PStTG): TIN, date of birth, permanent
establishments. Every value is checked before anything is written; a bad one is a DomainError
naming the field. ``tax_data_missing`` says what a seller still lacks for the DAC7 file.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError
from vendors.models import SellerTaxData, Vendor

EU_COUNTRIES = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())

# Which python-stdnum modules check a TIN of a country: (for individuals, for entities). The
# German Steuer-ID (``de.idnr``) identifies a person, the Steuernummer (``de.stnr``) a business.
TIN_MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "AT": (("at.tin",), ("at.tin",)),
    "BE": (("be.nn",), ("be.vat",)),
    "BG": (("bg.egn",), ("bg.vat",)),
    "CY": (("cy.vat",), ("cy.vat",)),
    "CZ": (("cz.rc",), ("cz.dic",)),
    "DE": (("de.idnr",), ("de.stnr",)),
    "DK": (("dk.cpr",), ("dk.cvr",)),
    "EE": (("ee.ik",), ("ee.registrikood",)),
    "ES": (("es.nif",), ("es.nif",)),
    "FI": (("fi.hetu",), ("fi.ytunnus",)),
    "FR": (("fr.nif",), ("fr.siren",)),
    "GR": (("gr.vat",), ("gr.vat",)),
    "HR": (("hr.oib",), ("hr.oib",)),
    "HU": (("hu.anum",), ("hu.anum",)),
    "IE": (("ie.pps",), ("ie.vat",)),
    "IT": (("it.codicefiscale",), ("it.iva", "it.codicefiscale")),
    "LT": (("lt.asmens",), ("lt.pvm",)),
    "LU": (("lu.tva",), ("lu.tva",)),
    "LV": (("lv.pvn",), ("lv.pvn",)),
    "MT": (("mt.vat",), ("mt.vat",)),
    "NL": (("nl.bsn",), ("nl.bsn",)),
    "PL": (("pl.pesel", "pl.nip"), ("pl.nip",)),
    "PT": (("pt.nif",), ("pt.nif",)),
    "RO": (("ro.cnp",), ("ro.cui",)),
    "SE": (("se.personnummer",), ("se.orgnr",)),
    "SI": (("si.ddv",), ("si.ddv",)),
    "SK": (("sk.rc",), ("sk.dph",)),
}


def is_individual(vendor: Vendor) -> bool:
    """DAC7 reports a sole trader or a private seller as an individual, every other form as an entity."""
    return vendor.is_consumer_seller or vendor.legal_form in (Vendor.LegalForm.SOLE_TRADER, Vendor.LegalForm.EK)


def check_tin(value: str, *, country: str, individual: bool) -> str:
    """The TIN in compact form, or a DomainError on ``tin`` (python-stdnum's check of the country)."""
    raw = (value or "").strip()
    if not raw:
        raise DomainError(_("Give your tax identification number."), field="tin")
    modules = TIN_MODULES.get(country)
    if modules is None:
        raise DomainError(
            _("%(country)r is not an EU member state; DAC7 takes TINs of EU member states only.")
            % {"country": country},
            field="tin_country",
        )
    for name in modules[0 if individual else 1]:
        module = importlib.import_module(f"stdnum.{name}")
        try:
            return module.validate(raw)
        except Exception:  # noqa: BLE001 - stdnum raises its own ValidationError subclasses
            continue
    if country == "DE" and individual:
        message = _("%(value)r is not a valid German tax ID (Steuer-ID, 11 digits with a check digit).")
    elif country == "DE":
        message = _("%(value)r is not a valid German tax number (Steuernummer).")
    else:
        message = _("%(value)r is not a valid tax identification number of %(country)s.")
    raise DomainError(message % {"value": raw, "country": country}, field="tin")


@dataclass
class TaxDataIn:
    """Fields left None stay as they are."""

    tin: str | None = None
    tin_country: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    birth_city: str | None = None
    permanent_establishments: list[str] | None = None


def _text(value: str, *, field: str, max_length: int = 200) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise DomainError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


@transaction.atomic
def vendor_tax_data_update(*, vendor: Vendor, actor, data: TaxDataIn) -> SellerTaxData:
    """Check and store the seller's DAC7 data; the whole change or nothing."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if vendor.closed_at:
        raise Conflict(_("This seller account is closed."), field="status")
    current, _created = SellerTaxData.objects.get_or_create(vendor=vendor)
    given = {f.name: getattr(data, f.name) for f in fields(TaxDataIn) if getattr(data, f.name) is not None}
    individual = is_individual(vendor)
    changes: dict = {}
    country = (given.get("tin_country", current.tin_country or vendor.country) or "").strip().upper()
    if "tin_country" in given:
        if country not in EU_COUNTRIES:
            raise DomainError(
                _("%(country)r is not an EU member state; DAC7 takes TINs of EU member states only.")
                % {"country": given["tin_country"]},
                field="tin_country",
            )
        changes["tin_country"] = country
    if "tin" in given or ("tin_country" in given and current.tin):
        changes["tin"] = check_tin(given.get("tin", current.tin), country=country, individual=individual)
        changes.setdefault("tin_country", country)
    for name in ("first_name", "last_name", "birth_city"):
        if name in given:
            changes[name] = _text(given[name], field=name)
    if "date_of_birth" in given:
        born = given["date_of_birth"]
        today = timezone.localdate()
        if born > today or born < date(today.year - 120, 1, 1):
            raise DomainError(_("Give a real date of birth."), field="date_of_birth")
        if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 18:
            raise DomainError(_("Sellers must be of age (18)."), field="date_of_birth")
        changes["date_of_birth"] = born
    if "permanent_establishments" in given:
        codes = sorted({(c or "").strip().upper() for c in given["permanent_establishments"] if (c or "").strip()})
        wrong = [c for c in codes if c not in EU_COUNTRIES]
        if wrong:
            raise DomainError(
                _("Not EU member states: %(codes)s.") % {"codes": ", ".join(wrong)}, field="permanent_establishments"
            )
        if individual and codes:
            raise DomainError(
                _("Permanent establishments are reported for businesses only."), field="permanent_establishments"
            )
        changes["permanent_establishments"] = codes
    for name, value in changes.items():
        setattr(current, name, value)
    current.updated_by = actor
    current.save()
    # Field names only: the values are personal data.
    audit_record(actor=actor, action="vendor.tax_data_changed", obj=vendor, data={"fields": sorted(changes)})
    return current


def tax_data_of(vendor: Vendor) -> SellerTaxData:
    """The stored tax data, or an empty unsaved one."""
    try:
        return vendor.tax_data
    except SellerTaxData.DoesNotExist:
        return SellerTaxData(vendor=vendor)


def tax_data_missing(vendor: Vendor) -> list[str]:
    """Fields the DAC7 file still lacks for this seller (empty list: complete)."""
    data = tax_data_of(vendor)
    missing = [name for name in ("tin", "tin_country") if not getattr(data, name)]
    missing += [name for name in ("street", "postal_code", "city", "country") if not getattr(vendor, name)]
    if is_individual(vendor):
        missing += [name for name in ("first_name", "last_name", "date_of_birth") if not getattr(data, name)]
    elif vendor.legal_form in ("gmbh", "ug", "ag", "ohg", "kg") and not vendor.register_number:
        missing.append("register_number")
    return missing
