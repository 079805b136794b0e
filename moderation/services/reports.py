"""Reports from buyers or anonymous visitors about a listing or a vendor; each enters the queue."""

from __future__ import annotations

from django.db import transaction

from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound
from moderation.models import Report, ReviewItem
from moderation.services.queue import review_item_open
from vendors.models import Offer, Vendor
from vendors.selectors import LIVE_OFFER

MAX_DETAILS = 2000


@transaction.atomic
def report_create(
    *,
    reporter,
    email: str = "",
    reason: str,
    details: str = "",
    offer_id: int | None = None,
    vendor_id: int | None = None,
) -> Report:
    """``reporter`` is the signed-in user or None; anonymous reporters give an e-mail address.
    Only what the public can see may be reported: live offers and approved vendors."""
    if (offer_id is None) == (vendor_id is None):
        raise DomainError("Report either an offer or a vendor (exactly one of offer, vendor).", field="offer")
    signed_in = getattr(reporter, "is_authenticated", False)
    email = (email or (reporter.email if signed_in else "")).strip()
    if not email:
        raise DomainError("Give an e-mail address so we can follow up on the report.", field="email")
    if len(details) > MAX_DETAILS:
        raise DomainError(f"Details may have at most {MAX_DETAILS} characters.", field="details")
    offer = None
    if offer_id is not None:
        offer = Offer.objects.filter(LIVE_OFFER, id=offer_id).select_related("vendor", "product").first()
        if offer is None:
            raise NotFound("No such offer.", field="offer")
        vendor = offer.vendor
    else:
        vendor = Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED).first()
        if vendor is None:
            raise NotFound("No such vendor.", field="vendor")
    report = Report.objects.create(
        reporter=reporter if signed_in else None,
        reporter_email=email,
        offer=offer,
        vendor=vendor,
        reason=reason,
        details=details.strip(),
    )
    review_item_open(
        kind=ReviewItem.Kind.REPORT,
        vendor=vendor,
        offer=offer,
        product=offer.product if offer else None,
        report=report,
        summary=f"{report.get_reason_display()}: {report.details}"[:5000],
    )
    audit_record(
        actor=reporter,
        action="report.created",
        obj=report,
        data={"reason": reason, "offer_id": offer_id, "vendor_id": vendor.id},
    )
    return report
