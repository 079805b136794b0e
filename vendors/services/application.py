"""Checks of a vendor application's fields, shared by the API serializer and the services.

Each check returns the normalised value or raises a DomainError naming the field, saying why
and what is allowed. ``application_errors`` runs them all so the API can report every bad
field of one request at once; the services run them again so no caller can skip them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import get_cc_module

from marketplace.errors import DomainError
from marketplace.models import Category
from vendors.models import Vendor

# EU member states plus Switzerland and Norway: the countries whose VAT numbers python-stdnum
# validates and the market accepts sellers from. Settings may narrow or change the list.
DEFAULT_VENDOR_COUNTRIES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "CH",
        "NO",
    }
)
# Greece writes its VAT prefix "EL", not its ISO code.
VAT_PREFIX = {"GR": "EL"}
POSTAL_CODE_PATTERNS = {"DE": r"\d{5}", "AT": r"\d{4}", "CH": r"\d{4}", "NL": r"\d{4} ?[A-Z]{2}"}
MAX_CATEGORIES = 20
MAX_RETURN_POLICY = 10_000


def vendor_countries() -> frozenset[str]:
    return frozenset(getattr(settings, "MARKETPLACE_VENDOR_COUNTRIES", DEFAULT_VENDOR_COUNTRIES))


@dataclass
class VendorApplication:
    """What a vendor states when applying (or correcting an application)."""

    name: str
    legal_name: str
    legal_form: str
    street: str
    postal_code: str
    city: str
    country: str
    email: str
    contact_name: str
    vat_id: str
    iban: str
    intended_category_ids: list[int] = field(default_factory=list)
    return_policy: str = ""
    contact_phone: str = ""


def check_text(value: str, *, field_name: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=field_name)
    if len(value) > max_length:
        raise DomainError(_("At most %(n)d characters are allowed.") % {"n": max_length}, field=field_name)
    return value


def check_country(value: str) -> str:
    country = (value or "").strip().upper()
    allowed = vendor_countries()
    if country not in allowed:
        raise DomainError(
            _("%(value)r is not a country we accept sellers from; allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(sorted(allowed))},
            field="country",
        )
    return country


def check_legal_form(value: str) -> str:
    if value not in Vendor.LegalForm.values:
        raise DomainError(
            _("Unknown legal form %(value)r; allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(Vendor.LegalForm.values)},
            field="legal_form",
        )
    return value


def check_postal_code(value: str, *, country: str) -> str:
    code = check_text(value, field_name="postal_code", max_length=20).upper()
    pattern = POSTAL_CODE_PATTERNS.get(country, r"[A-Z0-9][A-Z0-9 -]{1,9}")
    if not re.fullmatch(pattern, code):
        raise DomainError(
            _("%(value)r is not a postal code of %(country)s.") % {"value": value, "country": country},
            field="postal_code",
        )
    return code


def check_vat_id(value: str, *, country: str, legal_form: str) -> str:
    """A VAT ID of the vendor's own country, validated (format and check digit) by python-stdnum.

    Sole traders may have none (small businesses under §19 UStG are exempt); everyone else must.
    """
    value = (value or "").strip()
    if not value:
        if legal_form == Vendor.LegalForm.SOLE_TRADER:
            return ""
        raise DomainError(_("A VAT ID is required unless you are a sole trader."), field="vat_id")
    module = eu_vat if country.lower() in eu_vat.MEMBER_STATES else get_cc_module(country.lower(), "vat")
    if module is None:
        raise DomainError(_("VAT IDs of %(country)s cannot be checked here.") % {"country": country}, field="vat_id")
    prefix = VAT_PREFIX.get(country, country)
    try:
        compact = module.validate(value)
    except StdnumError:
        raise DomainError(
            _("%(value)r is not a valid VAT ID of %(country)s (format or check digit wrong), e.g. %(example)s.")
            % {"value": value, "country": country, "example": f"{prefix}123456789"},
            field="vat_id",
        ) from None
    if module is eu_vat and not compact.upper().startswith(prefix):
        raise DomainError(
            _("The VAT ID must be one of %(country)s and start with %(prefix)s.")
            % {"country": country, "prefix": prefix},
            field="vat_id",
        )
    return compact.upper()


def check_iban(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(_("An IBAN is required for payouts."), field="iban")
    try:
        return stdnum_iban.validate(value)
    except StdnumError:
        raise DomainError(
            _("%(value)r is not a valid IBAN (country, length or check digits wrong).") % {"value": value}, field="iban"
        ) from None


def check_category_ids(ids) -> list[int]:
    ids = sorted(set(ids or []))
    if not ids:
        raise DomainError(_("Name at least one category you intend to sell in."), field="intended_categories")
    if len(ids) > MAX_CATEGORIES:
        raise DomainError(
            _("At most %(n)d categories are allowed.") % {"n": MAX_CATEGORIES}, field="intended_categories"
        )
    found = set(Category.objects.filter(id__in=ids).values_list("id", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(
            _("Unknown categories: %(ids)s.") % {"ids": ", ".join(map(str, missing))}, field="intended_categories"
        )
    return ids


def _checks(app: VendorApplication):
    """(field, check) pairs in the order fields are reported; later checks read earlier results."""
    clean: dict = {}

    def country():
        clean["country"] = check_country(app.country)
        return clean["country"]

    def legal_form():
        clean["legal_form"] = check_legal_form(app.legal_form)
        return clean["legal_form"]

    return [
        ("name", lambda: check_text(app.name, field_name="name", max_length=200)),
        ("legal_name", lambda: check_text(app.legal_name, field_name="legal_name", max_length=300)),
        ("legal_form", legal_form),
        ("street", lambda: check_text(app.street, field_name="street", max_length=200)),
        ("city", lambda: check_text(app.city, field_name="city", max_length=100)),
        ("country", country),
        ("email", lambda: check_text(app.email, field_name="email", max_length=254).lower()),
        ("contact_name", lambda: check_text(app.contact_name, field_name="contact_name", max_length=200)),
        (
            "contact_phone",
            lambda: check_text(app.contact_phone, field_name="contact_phone", max_length=40, required=False),
        ),
        ("iban", lambda: check_iban(app.iban)),
        ("intended_category_ids", lambda: check_category_ids(app.intended_category_ids)),
        (
            "return_policy",
            lambda: check_text(app.return_policy, field_name="return_policy", max_length=MAX_RETURN_POLICY),
        ),
        # These depend on the country / legal form checked above; skipped when those are bad.
        ("postal_code", lambda: check_postal_code(app.postal_code, country=clean["country"])),
        ("vat_id", lambda: check_vat_id(app.vat_id, country=clean["country"], legal_form=clean["legal_form"])),
    ], clean


def application_errors(app: VendorApplication) -> tuple[VendorApplication | None, dict[str, str]]:
    """All bad fields of an application at once: (normalised application or None, {field: message})."""
    checks, clean = _checks(app)
    errors: dict[str, str] = {}
    for name, check in checks:
        if name in ("postal_code", "vat_id") and ("country" in errors or (name == "vat_id" and "legal_form" in errors)):
            continue
        try:
            clean[name] = check()
        except DomainError as exc:
            errors[exc.field or name] = exc.message
    if errors:
        return None, errors
    return VendorApplication(**{f.name: clean[f.name] for f in fields(VendorApplication)}), {}


def application_clean(app: VendorApplication) -> VendorApplication:
    """The normalised application, or a DomainError for its first bad field."""
    clean, errors = application_errors(app)
    if errors:
        field_name, message = next(iter(errors.items()))
        raise DomainError(message, field=field_name)
    return clean
