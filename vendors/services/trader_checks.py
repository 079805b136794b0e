"""What a business seller must have given, and given plausibly, before its offers go live
(DSA Art. 30(1): name, address, telephone, e-mail, identity document, payment account, trade
register entry where one exists, self-certification).

``trader_problems`` is a pure read: it returns ``Problem(field, code)`` pairs, never raises, so
the check can run on any stored state (an old application, a changed legal form, a deleted
document). ``check_trader_field`` is the same plausibility rule as a raising check, for input.
Messages come from ``problem_message`` at display time, in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from vendors.models import TraderCertification, Vendor, VendorDocument
from vendors.services.application import check_iban, check_postal_code, check_vat_id

# The wording a seller certifies; a new version makes older certifications outdated.
CERTIFICATION_VERSION = "2026-11"
CERTIFICATION_TEXT = _(
    "I certify that I will offer only products and services that comply with the applicable rules "
    "of Union law and of the law of the Member States (Art. 30(1)(e) DSA)."
)

# Legal forms entered in the (German) commercial register: the register court and number are
# required. Sole traders and GbR are not registered; "partnership" (older choice covering GbR,
# OHG, KG) and "other" may have an entry, which is then checked.
REGISTERED_FORMS = frozenset(
    {
        Vendor.LegalForm.GMBH,
        Vendor.LegalForm.UG,
        Vendor.LegalForm.AG,
        Vendor.LegalForm.EK,
        Vendor.LegalForm.OHG,
        Vendor.LegalForm.KG,
    }
)
# Commercial register part A holds merchants and partnerships, part B corporations.
REGISTER_PART = {
    Vendor.LegalForm.GMBH: "HRB",
    Vendor.LegalForm.UG: "HRB",
    Vendor.LegalForm.AG: "HRB",
    Vendor.LegalForm.EK: "HRA",
    Vendor.LegalForm.OHG: "HRA",
    Vendor.LegalForm.KG: "HRA",
}
# German register numbers: part (HRA, HRB, GnR cooperatives, PR partnerships, VR associations),
# the number, optionally a court suffix ("HRB 12345 B" in Berlin).
DE_REGISTER_NUMBER = re.compile(r"^(HRA|HRB|GnR|PR|VR) ?\d{1,6}( ?[A-Z]{1,3})?$")
OTHER_REGISTER_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]{2,39}$")
# After removing spaces, brackets, slashes and dashes: international (+49..., 0049...) or a
# national number with its leading 0; 6 to 15 digits as E.164 allows.
PHONE = re.compile(r"^(\+|00)[1-9]\d{5,14}$|^0[1-9]\d{4,13}$")
PHONE_SEPARATORS = re.compile(r"[\s()/.-]")
IDENTITY_TYPES = frozenset(VendorDocument.EXTENSIONS)  # PDF, PNG, JPEG as detected on upload


@dataclass(frozen=True)
class Problem:
    field: str
    code: str  # "missing" or "implausible" (or "outdated" for the certification)

    def as_dict(self) -> dict:
        return {"field": self.field, "code": self.code}


MESSAGES = {
    ("legal_name", "missing"): _("The legal name of the business is missing."),
    ("legal_form", "missing"): _("The legal form is missing."),
    ("street", "missing"): _("The street and house number are missing."),
    ("postal_code", "missing"): _("The postal code is missing."),
    ("postal_code", "implausible"): _("The postal code does not fit the country."),
    ("city", "missing"): _("The city is missing."),
    ("country", "missing"): _("The country is missing."),
    ("contact_phone", "missing"): _("A telephone number is missing."),
    ("contact_phone", "implausible"): _("The telephone number is not plausible (e.g. +49 30 1234567)."),
    ("email", "missing"): _("An e-mail address is missing."),
    ("email", "implausible"): _("The e-mail address is not valid."),
    ("identity_document", "missing"): _("A copy of an identity document (PDF, PNG or JPEG) has not been uploaded."),
    ("payment_account", "missing"): _("A payment account (Stripe account or IBAN) is missing."),
    ("iban", "implausible"): _("The IBAN is not valid."),
    ("register_court", "missing"): _(
        "The register court of the trade register entry is missing (required for this legal form)."
    ),
    ("register_number", "missing"): _("The trade register number is missing (required for this legal form)."),
    ("register_number", "implausible"): _(
        "The trade register number is not plausible (e.g. HRB 123456 for a GmbH, HRA 12345 for an e.K.)."
    ),
    ("vat_id", "implausible"): _("The VAT ID is not valid for the seller's country."),
    ("self_certification", "missing"): _("The self-certification to offer only lawful products is missing."),
    ("self_certification", "outdated"): _(
        "The self-certification was given for an older wording; please confirm the current one."
    ),
}


def problem_message(problem: dict | Problem) -> str:
    key = (problem.field, problem.code) if isinstance(problem, Problem) else (problem["field"], problem["code"])
    return str(MESSAGES.get(key, key[0]))


def phone_plausible(value: str) -> bool:
    return bool(PHONE.match(PHONE_SEPARATORS.sub("", value or "")))


def email_plausible(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def register_number_plausible(value: str, *, country: str, legal_form: str) -> bool:
    value = (value or "").strip()
    if country != "DE":
        return bool(OTHER_REGISTER_NUMBER.match(value))
    match = DE_REGISTER_NUMBER.match(value)
    if not match:
        return False
    expected = REGISTER_PART.get(legal_form)
    return expected is None or match.group(1) == expected


def _raises(check) -> bool:
    try:
        check()
    except DomainError:
        return True
    return False


def _contact_problems(vendor: Vendor) -> list[Problem]:
    problems = []
    for name in ("street", "postal_code", "city", "country"):
        if not (getattr(vendor, name) or "").strip():
            problems.append(Problem(name, "missing"))
    if (
        vendor.postal_code
        and vendor.country
        and _raises(lambda: check_postal_code(vendor.postal_code, country=vendor.country))
    ):
        problems.append(Problem("postal_code", "implausible"))
    if not vendor.contact_phone.strip():
        problems.append(Problem("contact_phone", "missing"))
    elif not phone_plausible(vendor.contact_phone):
        problems.append(Problem("contact_phone", "implausible"))
    if not vendor.email.strip():
        problems.append(Problem("email", "missing"))
    elif not email_plausible(vendor.email):
        problems.append(Problem("email", "implausible"))
    return problems


def _register_problems(vendor: Vendor) -> list[Problem]:
    required = vendor.legal_form in REGISTERED_FORMS
    court, number = vendor.register_court.strip(), vendor.register_number.strip()
    problems = []
    if required and not court:
        problems.append(Problem("register_court", "missing"))
    if required and not number:
        problems.append(Problem("register_number", "missing"))
    if number and not register_number_plausible(number, country=vendor.country, legal_form=vendor.legal_form):
        problems.append(Problem("register_number", "implausible"))
    return problems


def _account_problems(vendor: Vendor) -> list[Problem]:
    if vendor.iban and _raises(lambda: check_iban(vendor.iban)):
        return [Problem("iban", "implausible")]
    if not vendor.stripe_account_id and not vendor.iban:
        return [Problem("payment_account", "missing")]
    return []


def _certification_problem(vendor: Vendor) -> Problem | None:
    latest = TraderCertification.objects.filter(vendor=vendor).order_by("-accepted_at", "-id").first()
    if latest is None:
        return Problem("self_certification", "missing")
    if latest.version != CERTIFICATION_VERSION:
        return Problem("self_certification", "outdated")
    return None


def trader_problems(*, vendor: Vendor) -> list[Problem]:
    """Everything missing or implausible in ``vendor``'s trader data, in a stable order; empty
    when its offers may go live. A private (C2C) seller is no trader: only a valid e-mail
    address and a payment account are needed to sell."""
    if vendor.is_consumer_seller:
        problems = [] if email_plausible(vendor.email) else [Problem("email", "implausible")]
        return problems + _account_problems(vendor)
    problems: list[Problem] = []
    if not vendor.legal_name.strip():
        problems.append(Problem("legal_name", "missing"))
    if not vendor.legal_form:
        problems.append(Problem("legal_form", "missing"))
    problems += _contact_problems(vendor)
    if not VendorDocument.objects.filter(
        vendor=vendor, kind=VendorDocument.Kind.IDENTITY, content_type__in=IDENTITY_TYPES
    ).exists():
        problems.append(Problem("identity_document", "missing"))
    problems += _account_problems(vendor)
    problems += _register_problems(vendor)
    if (
        vendor.vat_id
        and vendor.country
        and _raises(lambda: check_vat_id(vendor.vat_id, country=vendor.country, legal_form=vendor.legal_form))
    ):
        problems.append(Problem("vat_id", "implausible"))
    certification = _certification_problem(vendor)
    if certification:
        problems.append(certification)
    return problems
