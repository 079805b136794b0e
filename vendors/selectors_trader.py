"""Reads for trader traceability: the public seller page (DSA Art. 31) and the check result."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from marketplace.errors import NotFound
from vendors.models import Offer, TraderCertification, Vendor, VendorDocument
from vendors.selectors import LIVE_OFFER
from vendors.services.trader_checks import problem_message

PUBLIC_SELLER_OFFERS = 24


def public_seller_get(*, vendor_id: int) -> Vendor:
    """A seller whose page buyers may see: approved and not closed. Any other (applied, rejected,
    suspended, closed) is as missing as an id that never existed."""
    vendor = Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED, closed_at__isnull=True).first()
    if vendor is None:
        raise NotFound(_("No such seller."))
    return vendor


def public_seller_offers(*, vendor: Vendor, limit: int = PUBLIC_SELLER_OFFERS) -> list[Offer]:
    """The seller's offers buyers can buy now, cheapest first."""
    return list(
        Offer.objects.filter(LIVE_OFFER, vendor=vendor)
        .select_related("product", "variant")
        .order_by("price_amount", "id")[:limit]
    )


@dataclass(frozen=True)
class TraderProblemView:
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class TraderStatus:
    """What the portal and the console show about a vendor's trader check."""

    vendor: Vendor
    ok: bool
    problems: list[TraderProblemView]
    checked_at: object
    certification: TraderCertification | None
    identity_documents: int


def trader_status(*, vendor: Vendor) -> TraderStatus:
    return TraderStatus(
        vendor=vendor,
        ok=vendor.trader_ok,
        problems=[TraderProblemView(p["field"], p["code"], problem_message(p)) for p in vendor.trader_problems],
        checked_at=vendor.trader_checked_at,
        certification=TraderCertification.objects.filter(vendor=vendor).order_by("-accepted_at", "-id").first(),
        identity_documents=VendorDocument.objects.filter(vendor=vendor, kind=VendorDocument.Kind.IDENTITY).count(),
    )


def vendors_closed_since(*, before) -> QuerySet[Vendor]:
    return Vendor.objects.filter(closed_at__lte=before).order_by("id")
