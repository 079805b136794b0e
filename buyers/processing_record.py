"""Record of processing activities (GDPR Art. 30), shown on the privacy page.

Kept in code, next to the features it describes, so a new kind of processing arrives with its
entry in the same change; the operator's identity comes from settings.MARKETPLACE_OPERATOR."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Purpose:
    name: str
    legal_basis: str
    data: str
    retention: str


PURPOSES = (
    Purpose(
        _("Customer account"),
        _("Contract (Art. 6(1)(b) GDPR)"),
        _("E-mail, password hash, language, addresses"),
        _("Until the account is deleted"),
    ),
    Purpose(
        _("Orders, delivery and payment"),
        _("Contract (Art. 6(1)(b) GDPR)"),
        _("Name, addresses, e-mail, ordered items, payment status"),
        _("10 years (tax law, § 147 AO)"),
    ),
    Purpose(
        _("Invoices, credit notes and bookkeeping"),
        _("Legal obligation (Art. 6(1)(c) GDPR)"),
        _("Name, address, VAT ID, amounts"),
        _("10 years (§ 147 AO, § 257 HGB)"),
    ),
    Purpose(
        _("Returns and withdrawals"),
        _("Contract and legal obligation (Art. 6(1)(b), (c) GDPR)"),
        _("Items, reason, name and address on the declaration"),
        _("With the order"),
    ),
    Purpose(
        _("Messages, reviews and reports"),
        _("Contract and legitimate interest (Art. 6(1)(b), (f) GDPR)"),
        _("Texts, photos, the account that wrote them"),
        _("Until deleted, or until the account is deleted"),
    ),
    Purpose(
        _("Security (login limits, audit log)"),
        _("Legitimate interest (Art. 6(1)(f) GDPR)"),
        _("IP address, login attempts, actions of staff"),
        _("Login attempts: 15 minutes; audit log: 10 years"),
    ),
    Purpose(
        _("Optional cookies (recently viewed, statistics)"),
        _("Consent (Art. 6(1)(a) GDPR, § 25 TDDDG)"),
        _("Cookie identifiers, pages viewed"),
        _("Until consent is withdrawn; proof of consent 3 years"),
    ),
)
