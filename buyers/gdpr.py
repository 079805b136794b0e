"""A person's data: export (GDPR Art. 15, 20) and erasure (Art. 17), extensible by other apps.

Each app that holds personal data registers an exporter (``fn(user) -> JSON-able``, its section
of the export) and an eraser (``fn(user) -> None``, run inside the erasure transaction) from its
AppConfig.ready: reviews, messages, wishlists, loyalty ... register themselves, so the export is
complete and the erasure removes their data without this module knowing their models.

What erasure keeps, and why: orders with their lines, invoices, credit notes, refunds and the
ledger are commercial and tax records (§ 147 AO, § 257 HGB: 10 years, ``GDPR_RETENTION_YEARS``);
they stay, but point to an anonymised, inactive account without e-mail, password or name, and
the orders' contact e-mail is replaced. Everything else goes: addresses, cart, business profile,
and whatever the registered erasers remove. Consent records lose the link to the person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.models import Address, BuyerProfile, Cart, ConsentRecord, CreditNote, Invoice, ReturnRequest
from marketplace.audit import audit_record
from marketplace.errors import DomainError
from marketplace.models import Order

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]
_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}

FORMAT_VERSION = 1


def exporter_register(name: str, fn: Exporter) -> None:
    _exporters[name] = fn


def eraser_register(name: str, fn: Eraser) -> None:
    _erasers[name] = fn


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


# --- the buyers app's own sections -------------------------------------------------------------


def _export_account(user) -> dict:
    profile = BuyerProfile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_verified_at": _iso(profile.email_verified_at) if profile else None,
        "language": profile.language if profile else None,
        "is_business": profile.is_business if profile else False,
        "company_name": profile.company_name if profile else "",
        "vat_id": profile.vat_id if profile else "",
    }


def _export_addresses(user) -> list:
    return [
        {"id": a.id, "kind": a.kind, **a.as_snapshot(), "is_default": a.is_default}
        for a in Address.objects.filter(buyer=user)
    ]


def _export_cart(user) -> list:
    cart = Cart.objects.filter(buyer=user).prefetch_related("items").first()
    return [
        {"offer_id": i.offer_id, "quantity": i.quantity, "added_at": _iso(i.added_at)}
        for i in (cart.items.all() if cart else [])
    ]


def _export_orders(user) -> list:
    invoices = {i.vendor_order_id: i.number for i in Invoice.objects.filter(vendor_order__order__buyer=user)}
    return [
        {
            "number": o.number,
            "created_at": _iso(o.created_at),
            "status": o.status,
            "email": o.email,
            "payment_method": o.payment_method,
            "payment_status": o.payment_status,
            "total": {"amount": o.total_amount, "currency": o.currency},
            "shipping_address": o.shipping_address,
            "parts": [
                {
                    "vendor_id": vo.vendor_id,
                    "status": vo.status,
                    "invoice": invoices.get(vo.id),
                    "lines": [
                        {
                            "product_title": line.product_title,
                            "quantity": line.quantity,
                            "unit_price": {"amount": line.unit_price_amount, "currency": line.currency},
                        }
                        for line in vo.lines.all()
                    ],
                }
                for vo in o.vendor_orders.all()
            ],
            # The flat list earlier exports had, kept for readers of that format.
            "lines": [
                {
                    "vendor_id": vo.vendor_id,
                    "product_title": line.product_title,
                    "quantity": line.quantity,
                    "unit_price": {"amount": line.unit_price_amount, "currency": line.currency},
                }
                for vo in o.vendor_orders.all()
                for line in vo.lines.all()
            ],
        }
        for o in Order.objects.filter(buyer=user).prefetch_related("vendor_orders__lines")
    ]


def _export_returns(user) -> list:
    return [
        {
            "id": r.id,
            "order": r.vendor_order.order.number,
            "status": r.status,
            "reason": r.reason,
            "comment": r.comment,
            "created_at": _iso(r.created_at),
            "withdrawal": {
                "consumer_name": r.withdrawal.consumer_name,
                "consumer_address": r.withdrawal.consumer_address,
                "declared_at": _iso(r.withdrawal.declared_at),
            }
            if hasattr(r, "withdrawal")
            else None,
        }
        for r in ReturnRequest.objects.filter(buyer=user).select_related("vendor_order__order", "withdrawal")
    ]


def _export_consents(user) -> list:
    return [
        {"categories": c.categories, "version": c.version, "created_at": _iso(c.created_at)}
        for c in ConsentRecord.objects.filter(user=user)
    ]


def _erase_buyers(user) -> None:
    Address.objects.filter(buyer=user).delete()
    Cart.objects.filter(buyer=user).delete()  # its items go with it
    BuyerProfile.objects.filter(user=user).update(company_name="", vat_id="", is_business=False)
    ConsentRecord.objects.filter(user=user).update(user=None)
    # Withdrawal declarations carry a name and address; the return they opened stays (refund record).
    from buyers.models import WithdrawalDeclaration

    WithdrawalDeclaration.objects.filter(return_request__buyer=user).update(consumer_name="-", consumer_address="-")
    ReturnRequest.objects.filter(buyer=user).update(comment="")


for _name, _fn in (
    ("account", _export_account),
    ("addresses", _export_addresses),
    ("cart", _export_cart),
    ("orders", _export_orders),
    ("returns", _export_returns),
    ("cookie_consents", _export_consents),
):
    exporter_register(_name, _fn)
eraser_register("buyers", _erase_buyers)


# --- export and erasure ------------------------------------------------------------------------


def person_export(*, user) -> dict:
    """Everything held about the person, one section per registered exporter."""
    data = {"format_version": FORMAT_VERSION, "exported_at": timezone.now().isoformat()}
    for name in sorted(_exporters):
        data[name] = _exporters[name](user)
    return data


def retained_records(*, user) -> dict:
    """What erasure keeps for the tax authorities (counts only: shown on the account page)."""
    return {
        "orders": Order.objects.filter(buyer=user).count(),
        "invoices": Invoice.objects.filter(vendor_order__order__buyer=user).count(),
        "credit_notes": CreditNote.objects.filter(invoice__vendor_order__order__buyer=user).count(),
    }


@transaction.atomic
def person_erase(*, user, actor=None) -> dict:
    """Erase the person's data except the records tax law makes us keep; returns what was kept."""
    kept = retained_records(user=user)
    for name in sorted(_erasers):
        _erasers[name](user)
    anonymous = f"deleted-{user.pk}@invalid"
    Order.objects.filter(buyer=user).update(email=anonymous)
    audit_record(actor=actor or user, action="account.deleted", obj=user, data={"kept": kept})
    user.username = user.email = anonymous
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    BuyerProfile.objects.update_or_create(user=user, defaults={"deleted_at": timezone.now()})
    return kept


def person_erase_check(*, user, password: str) -> None:
    if not user.check_password(password):
        raise DomainError(_("The password is not correct."), field="password", code="wrong_password")
