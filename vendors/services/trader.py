"""Trader traceability (DSA Art. 30): the trader data, its check, and what happens on change.

Every write that can change the outcome (the data here, documents, the payout account, a new
application) ends with ``vendor_trader_recheck`` in the same transaction: the result is stored
on the vendor (``trader_ok``, ``trader_problems``), audited, and when it changes whether the
vendor can sell, its products are re-published so the search index drops or restores its
offers (``vendors.selectors.LIVE_OFFER`` includes ``trader_ok``).

Input given here is refused (400 naming the field, nothing changed) when it is implausible;
it may be left empty, which the check then reports as missing and which blocks publication.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from vendors.models import Offer, TraderCertification, Vendor, VendorDocument
from vendors.services.application import (
    check_country,
    check_iban,
    check_legal_form,
    check_postal_code,
    check_text,
    check_vat_id,
)
from vendors.services.events import vendor_sellability_changed
from vendors.services.trader_checks import (
    CERTIFICATION_TEXT,
    CERTIFICATION_VERSION,
    REGISTER_PART,
    email_plausible,
    phone_plausible,
    register_number_plausible,
    trader_problems,
)

DEFAULT_RETENTION_DAYS = 183  # six months after the relationship ends (Art. 30(3) DSA)


def _locked(vendor_id: int) -> Vendor:
    vendor = Vendor.objects.select_for_update().filter(id=vendor_id).first()
    if vendor is None:
        raise NotFound(_("No such vendor."))
    return vendor


def vendor_trader_recheck(*, vendor: Vendor, actor, cause: str) -> Vendor:
    """Run the trader check on ``vendor`` (locked by the caller, inside its transaction), store
    and audit the result; re-publish its offers when that changes whether it can sell."""
    could_sell = vendor.can_sell
    problems = [p.as_dict() for p in trader_problems(vendor=vendor)]
    before = (vendor.trader_ok, vendor.trader_problems)
    vendor.trader_ok = not problems
    vendor.trader_problems = problems
    vendor.trader_checked_at = timezone.now()
    vendor.save(update_fields=["trader_ok", "trader_problems", "trader_checked_at"])
    audit_record(
        actor=actor,
        action="vendor.trader_checked",
        obj=vendor,
        reason=cause,
        data={"ok": vendor.trader_ok, "problems": problems, "changed": before != (vendor.trader_ok, problems)},
    )
    vendor_sellability_changed(vendor=vendor, could_sell=could_sell)
    return vendor


@transaction.atomic
def vendor_trader_check(*, vendor_id: int, actor, cause: str = "manual") -> Vendor:
    """Re-run the check from outside a write (an operator's button, a changed rule)."""
    return vendor_trader_recheck(vendor=_locked(vendor_id), actor=actor, cause=cause)


@dataclass
class TraderData:
    """Trader data a vendor may change; ``None`` leaves a field as it is."""

    seller_kind: str | None = None
    legal_name: str | None = None
    legal_form: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    contact_phone: str | None = None
    register_court: str | None = None
    register_number: str | None = None
    vat_id: str | None = None
    iban: str | None = None


def _clean(vendor: Vendor, data: TraderData) -> dict:
    """The normalised changes, or a DomainError for the first bad field (nothing written)."""
    given = {f.name: getattr(data, f.name) for f in fields(TraderData) if getattr(data, f.name) is not None}
    merged = {name: given.get(name, getattr(vendor, name)) for name in (f.name for f in fields(TraderData))}
    clean: dict = {}
    if "seller_kind" in given:
        if given["seller_kind"] not in Vendor.SellerKind.values:
            raise DomainError(
                _("Unknown seller kind %(value)r; allowed: %(allowed)s.")
                % {"value": given["seller_kind"], "allowed": ", ".join(Vendor.SellerKind.values)},
                field="seller_kind",
            )
        clean["seller_kind"] = given["seller_kind"]
    if "legal_form" in given:
        clean["legal_form"] = check_legal_form(given["legal_form"])
    for name, max_length in (("legal_name", 300), ("street", 200), ("city", 100)):
        if name in given:
            clean[name] = check_text(given[name], field_name=name, max_length=max_length)
    country = check_country(merged["country"]) if "country" in given else vendor.country
    if "country" in given:
        clean["country"] = country
    if "postal_code" in given or "country" in given:
        clean["postal_code"] = check_postal_code(merged["postal_code"], country=country)
    if "email" in given:
        email = check_text(given["email"], field_name="email", max_length=254).lower()
        if not email_plausible(email):
            raise DomainError(_("%(value)r is not a valid e-mail address.") % {"value": given["email"]}, field="email")
        clean["email"] = email
    if "contact_phone" in given:
        phone = check_text(given["contact_phone"], field_name="contact_phone", max_length=40, required=False)
        if phone and not phone_plausible(phone):
            raise DomainError(
                _("%(value)r is not a plausible telephone number; give it with area code, e.g. +49 30 1234567.")
                % {"value": phone},
                field="contact_phone",
            )
        clean["contact_phone"] = phone
    if "register_court" in given:
        clean["register_court"] = check_text(
            given["register_court"], field_name="register_court", max_length=100, required=False
        )
    legal_form = clean.get("legal_form", vendor.legal_form)
    if {"register_number", "legal_form", "country"} & set(given):
        number = check_text(merged["register_number"], field_name="register_number", max_length=40, required=False)
        if number and not register_number_plausible(number, country=country, legal_form=legal_form):
            part = REGISTER_PART.get(legal_form)
            example = f"{part} 123456" if part else "HRB 123456"
            raise DomainError(
                _("%(value)r is not a plausible trade register number for this legal form, e.g. %(example)s.")
                % {"value": number, "example": example},
                field="register_number",
            )
        clean["register_number"] = number
    if {"vat_id", "country", "legal_form"} & set(given) and (merged["vat_id"] or "").strip():
        clean["vat_id"] = check_vat_id(merged["vat_id"], country=country, legal_form=legal_form)
    elif "vat_id" in given:
        clean["vat_id"] = ""
    if "iban" in given:
        clean["iban"] = check_iban(given["iban"]) if given["iban"].strip() else ""
    return {name: value for name, value in clean.items() if getattr(vendor, name) != value}


@transaction.atomic
def vendor_trader_update(*, vendor: Vendor, actor, data: TraderData) -> Vendor:
    """Change the vendor's trader data and re-run the check (which may take offers offline)."""
    vendor = _locked(vendor.id)
    if vendor.closed_at:
        raise Conflict(_("This seller account is closed."), field="status")
    changes = _clean(vendor, data)
    if changes.get("seller_kind") == Vendor.SellerKind.BUSINESS:
        short = list(
            Offer.objects.filter(vendor=vendor, return_window_days__lt=min(Offer.RETURN_WINDOWS))
            .order_by("id")
            .values_list("sku", flat=True)[:10]
        )
        if short:
            raise Conflict(
                _(
                    "Business sellers owe consumers at least 14 days to withdraw; first give these offers a return window of 14 days or more: %(skus)s."
                )
                % {"skus": ", ".join(short)},
                field="seller_kind",
            )
    if not changes:
        return vendor
    for name, value in changes.items():
        setattr(vendor, name, value)
    vendor.save(update_fields=list(changes))
    # Field names only: the values are personal data that the retention purge must be able to erase.
    audit_record(actor=actor, action="vendor.trader_data_changed", obj=vendor, data={"fields": sorted(changes)})
    return vendor_trader_recheck(vendor=vendor, actor=actor, cause="trader_data_changed")


@transaction.atomic
def vendor_trader_certify(*, vendor: Vendor, actor) -> TraderCertification:
    """Record the self-certification in the current wording, in the language it is shown in."""
    vendor = _locked(vendor.id)
    if vendor.closed_at:
        raise Conflict(_("This seller account is closed."), field="status")
    certification = TraderCertification.objects.create(
        vendor=vendor, version=CERTIFICATION_VERSION, text=str(CERTIFICATION_TEXT), accepted_by=actor
    )
    audit_record(actor=actor, action="vendor.trader_certified", obj=vendor, data={"version": CERTIFICATION_VERSION})
    vendor_trader_recheck(vendor=vendor, actor=actor, cause="self_certification")
    return certification


@transaction.atomic
def vendor_close(*, actor, vendor_id: int, reason: str = "") -> Vendor:
    """End the relationship: the vendor sells no more (its offers leave the index) and its
    trader data is erased ``TRADER_DATA_RETENTION_DAYS`` later by ``trader_data_purge``."""
    vendor = _locked(vendor_id)
    if vendor.closed_at:
        raise Conflict(_("This seller account is already closed."), field="status")
    could_sell = vendor.can_sell
    vendor.closed_at = timezone.now()
    vendor.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="vendor.closed", obj=vendor, reason=reason)
    vendor_sellability_changed(vendor=vendor, could_sell=could_sell)
    return vendor


def retention_days() -> int:
    return int(getattr(settings, "TRADER_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


# What the purge erases (Art. 30(3) DSA: kept no longer than six months after the end) and what
# it keeps. Kept: name, legal name and form, postal address, country and VAT ID, because the
# invoices and commission invoices the platform must keep for ten years (§ 14 UStG, § 147 AO)
# name the seller with them; orders, ledger and audit entries are untouched. Erased: the
# contact person, telephone, e-mail, IBAN, trade register entry, every uploaded document
# (identity, register extract, ...) with its file, and the self-certifications.
ERASED_FIELDS = ("contact_name", "contact_phone", "email", "iban", "register_court", "register_number")
KEPT_FIELDS = ("name", "legal_name", "legal_form", "street", "postal_code", "city", "country", "vat_id")


def _erase(vendor: Vendor, *, now) -> None:
    for name in ERASED_FIELDS:
        setattr(vendor, name, "")
    vendor.email = f"vendor-{vendor.id}@erased.invalid"  # the column is required; no one's address
    vendor.trader_ok = False
    vendor.trader_problems = []
    vendor.trader_data_erased_at = now
    vendor.save(update_fields=[*ERASED_FIELDS, "trader_ok", "trader_problems", "trader_data_erased_at"])
    files = [(d.file.storage, d.file.name) for d in VendorDocument.objects.filter(vendor=vendor)]
    documents, _kinds = VendorDocument.objects.filter(vendor=vendor).delete()
    certifications, _kinds = TraderCertification.objects.filter(vendor=vendor).delete()
    audit_record(
        actor=None,
        action="vendor.trader_data_erased",
        obj=vendor,
        data={"fields": list(ERASED_FIELDS), "documents": documents, "certifications": certifications},
    )
    # Files go only once the rows are gone for good: a rollback keeps both.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def trader_data_purge(*, now=None) -> list[int]:
    """Erase the trader data of vendors closed longer than the retention period; returns their
    ids. Each vendor in its own transaction, so one failure does not undo the others."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    due = list(
        Vendor.objects.filter(closed_at__lte=cutoff, trader_data_erased_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for vendor_id in due:
        with transaction.atomic():
            vendor = _locked(vendor_id)
            if vendor.trader_data_erased_at is None:
                _erase(vendor, now=now)
    return due
