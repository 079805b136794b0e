"""Risk signals of a vendor application, and approving it despite them (issue 19.3).

A signal is a reason for an operator to look twice before approving: the same VAT ID, IBAN,
telephone number or e-mail domain as another vendor (common free-mail domains do not count),
missing verification documents, or a trader check that did not pass. Approving a vendor with open
signals needs the operator's explicit confirmation, which is audited with the signals it covered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from vendors.models import Vendor, VendorDocument
from vendors.services.onboarding import vendor_transition, vendor_transition_check
from vendors.services.trader_checks import problem_message

# Mail providers anyone can sign up with: sharing one says nothing about two vendors. Domains
# reserved for documentation and tests (RFC 2606/6761) belong to nobody either.
FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "bluewin.ch",
        "freenet.de",
        "gmail.com",
        "gmx.at",
        "gmx.ch",
        "gmx.de",
        "gmx.net",
        "googlemail.com",
        "hotmail.com",
        "hotmail.de",
        "icloud.com",
        "live.com",
        "live.de",
        "mail.de",
        "mailbox.org",
        "me.com",
        "outlook.com",
        "outlook.de",
        "posteo.de",
        "proton.me",
        "protonmail.com",
        "t-online.de",
        "web.de",
        "yahoo.com",
        "yahoo.de",
        "example.com",
        "example.net",
        "example.org",
    }
)
RESERVED_SUFFIXES = (".test", ".example", ".invalid", ".localhost")
DIAL_CODES = {"DE": "49", "AT": "43", "CH": "41", "LI": "423", "LU": "352", "NL": "31", "BE": "32", "FR": "33"}
NOT_DIGITS = re.compile(r"\D")
# Proof that the business exists, one of these per business seller; an identity document for all.
BUSINESS_PROOF = (VendorDocument.Kind.TRADE_REGISTER, VendorDocument.Kind.BUSINESS_REGISTRATION)

DUPLICATE_LABELS = {
    "vat_id": gettext_lazy("Same VAT ID as another vendor"),
    "iban": gettext_lazy("Same IBAN as another vendor"),
    "contact_phone": gettext_lazy("Same telephone number as another vendor"),
    "email_domain": gettext_lazy("Same e-mail domain as another vendor"),
}


@dataclass(frozen=True)
class RiskSignal:
    code: str  # duplicate_vat_id, duplicate_iban, duplicate_contact_phone, duplicate_email_domain,
    # missing_documents, trader_check
    title: str
    value: str = ""  # the shared value, for duplicates
    others: tuple[Vendor, ...] = ()  # the other vendors sharing it
    details: tuple[str, ...] = field(default=())  # missing document kinds / trader problems, as text


def email_domain(email: str) -> str:
    domain = (email or "").rpartition("@")[2].strip().lower()
    if not domain or domain in FREE_MAIL_DOMAINS or domain.endswith(RESERVED_SUFFIXES):
        return ""
    return domain


def phone_key(phone: str, country: str) -> str:
    """The number as international digits: ``+49 30 123456``, ``0049 30/123456`` and (in Germany)
    ``030 123456`` all become ``4930123456``; empty when there is no number."""
    raw = (phone or "").strip()
    digits = NOT_DIGITS.sub("", raw)
    if not digits:
        return ""
    if raw.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0") and country.upper() in DIAL_CODES:
        return DIAL_CODES[country.upper()] + digits[1:]
    return digits


def _duplicates(vendor: Vendor) -> list[RiskSignal]:
    others = list(
        Vendor.objects.exclude(id=vendor.id).only("id", "name", "vat_id", "iban", "contact_phone", "email", "country")
    )
    keys = {
        "vat_id": (lambda v: (v.vat_id or "").replace(" ", "").upper()),
        "iban": (lambda v: (v.iban or "").replace(" ", "").upper()),
        "contact_phone": (lambda v: phone_key(v.contact_phone, v.country)),
        "email_domain": (lambda v: email_domain(v.email)),
    }
    signals = []
    for name, key in keys.items():
        mine = key(vendor)
        if not mine:
            continue
        same = tuple(other for other in others if key(other) == mine)
        if same:
            shown = vendor.contact_phone if name == "contact_phone" else mine
            signals.append(RiskSignal(f"duplicate_{name}", str(DUPLICATE_LABELS[name]), value=shown, others=same))
    return signals


def _missing_documents(vendor: Vendor) -> RiskSignal | None:
    kinds = set(VendorDocument.objects.filter(vendor=vendor).values_list("kind", flat=True))
    missing = []
    if VendorDocument.Kind.IDENTITY not in kinds:
        missing.append(str(VendorDocument.Kind.IDENTITY.label))
    if not vendor.is_consumer_seller and not kinds.intersection(BUSINESS_PROOF):
        missing.append(_("Trade register extract or business registration"))
    if not missing:
        return None
    title = _("No documents uploaded") if not kinds else _("Documents missing")
    return RiskSignal("missing_documents", title, details=tuple(missing))


def _trader_check(vendor: Vendor) -> RiskSignal | None:
    if vendor.trader_ok:
        return None
    if vendor.trader_checked_at is None:
        return RiskSignal("trader_check", _("The trader check has not run yet"))
    problems = tuple(problem_message(problem) for problem in vendor.trader_problems)
    return RiskSignal("trader_check", _("The trader check did not pass"), details=problems)


def vendor_risk_signals(*, vendor: Vendor) -> list[RiskSignal]:
    """Every open warning about ``vendor``, duplicates first; empty when there is nothing to look at."""
    signals = _duplicates(vendor)
    for signal in (_missing_documents(vendor), _trader_check(vendor)):
        if signal:
            signals.append(signal)
    return signals


@transaction.atomic
def vendor_approve_reviewed(*, actor, vendor_id: int, risks_confirmed: bool = False) -> Vendor:
    """Approve a vendor the operator has reviewed. With open risk signals the operator must confirm
    them (``risks_confirmed``), else nothing changes and ``risk_confirmation_required`` is raised;
    the confirmation is audited (``vendor.risks_confirmed``, with the signal codes)."""
    vendor = Vendor.objects.select_for_update().filter(id=vendor_id).first()
    if vendor is None:
        # vendor_transition raises the NotFound with its own message.
        return vendor_transition(actor=actor, vendor_id=vendor_id, transition="approve")
    vendor_transition_check(vendor=vendor, transition="approve")  # a status that allows it comes first
    signals = vendor_risk_signals(vendor=vendor)
    if signals and not risks_confirmed:
        raise DomainError(
            _("This application has %(count)d open warnings: confirm that you checked them before approving.")
            % {"count": len(signals)},
            field="confirm_risks",
            code="risk_confirmation_required",
        )
    vendor = vendor_transition(actor=actor, vendor_id=vendor_id, transition="approve")
    if signals:
        audit_record(
            actor=actor,
            action="vendor.risks_confirmed",
            obj=vendor,
            reason="approved despite open warnings",
            data={
                "signals": [signal.code for signal in signals],
                "others": sorted({other.id for signal in signals for other in signal.others}),
            },
        )
    return vendor
