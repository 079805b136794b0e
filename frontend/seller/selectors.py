"""Reads the seller central pages need that no other app offers yet."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext

from marketplace.models import VendorOrder
from vendors import selectors as vendor_selectors
from vendors.models import Vendor, VendorMember
from vendors.services.trader_checks import problem_message


def vendor_memberships(*, user) -> list[VendorMember]:
    """The vendors a user belongs to (for choosing which one to act for)."""
    if not user.is_authenticated:
        return []
    return list(
        VendorMember.objects.filter(user_id=user.pk).select_related("vendor").order_by("vendor__name", "vendor_id")
    )


def vendor_order_left_to_ship(vendor_order) -> list[tuple]:
    """[(order line, quantity not shipped yet)] from the prefetched lines and shipments."""
    shipped: dict[int, int] = {}
    for shipment in vendor_order.shipments.all():
        for line in shipment.lines.all():
            shipped[line.order_line_id] = shipped.get(line.order_line_id, 0) + line.quantity
    return [(line, line.quantity - shipped.get(line.id, 0)) for line in vendor_order.lines.all()]


def vendor_order_status_counts(*, vendor) -> dict[str, int]:
    """How many of the vendor's order parts are in each status (for the status tabs)."""
    rows = VendorOrder.objects.filter(vendor=vendor).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def offer_search(*, vendor, query: str = ""):
    """The vendor's offers, those whose title (German or English), SKU or GTIN contains ``query``."""
    offers = vendor_selectors.offer_list(vendor=vendor)
    query = query.strip()
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(product__title__icontains=query) | Q(product__title_en__icontains=query) | Q(sku__icontains=query)
        if digits and len(digits) >= 8:
            match |= Q(product__gtin__contains=digits) | Q(variant__gtin__contains=digits)
        offers = offers.filter(match)
    return offers


@dataclass(frozen=True)
class ChecklistItem:
    """One condition of selling (``Vendor.SELL_CONDITIONS``) as the seller reads it."""

    key: str  # a name of Vendor.SELL_CONDITIONS
    done: bool
    title: str
    detail: str = ""
    problems: tuple[str, ...] = ()  # the trader check's findings, in the reader's language
    url: str = ""  # where to fix it
    action: str = ""  # the link's text
    step: str = ""  # the NEEDS key of the fix: members without it are told who does it


def sell_checklist(*, vendor) -> list[ChecklistItem]:
    """What is missing before ``vendor`` can sell: one item per condition of ``Vendor.can_sell``,
    read from ``Vendor.sell_blockers`` (the same checks, never a second list); every item is
    done exactly when the vendor can sell."""
    blockers = set(vendor.sell_blockers)

    def url(name: str, anchor: str = "") -> str:
        return f"{reverse(name)}?vendor={vendor.id}{anchor}"

    items = []
    for key in Vendor.SELL_CONDITIONS:
        blocked = key in blockers
        if key == "closed":
            if blocked:
                items.append(
                    ChecklistItem(
                        key,
                        False,
                        gettext("Your seller account is closed"),
                        gettext("A closed account cannot sell again. Please contact us if you think this is wrong."),
                    )
                )
        elif key == "approval":
            items.append(_approval_item(vendor, blocked, url))
        elif key == "trader":
            problems = tuple(problem_message(p) for p in vendor.trader_problems) if blocked else ()
            needs_document = (
                any(p.get("field") == "identity_document" for p in vendor.trader_problems) if blocked else False
            )
            items.append(
                ChecklistItem(
                    key,
                    not blocked,
                    gettext("Complete and check your trader data"),
                    gettext("Buyers must know who sells to them (Digital Services Act, Art. 30).") if blocked else "",
                    problems=problems,
                    url=url("frontend:seller_documents")
                    if needs_document and len(problems) == 1
                    else url("frontend:seller_trader"),
                    action=gettext("Upload an identity document")
                    if needs_document and len(problems) == 1
                    else gettext("Open the trader data"),
                    step="documents" if needs_document and len(problems) == 1 else "trader_update",
                )
            )
        elif key == "payouts":
            items.append(_payouts_item(vendor, blocked, url))
    return items


def _approval_item(vendor, blocked: bool, url) -> ChecklistItem:
    title = gettext("Get your application approved")
    status = vendor.status
    if not blocked:
        return ChecklistItem("approval", True, title)
    if status == Vendor.Status.INFO_REQUESTED:
        return ChecklistItem(
            "approval",
            False,
            title,
            gettext("Our team asked you a question: “%(question)s”") % {"question": vendor.status_reason},
            url=url("frontend:seller_verification", "#answer"),
            action=gettext("Answer the question"),
            step="info_answer",
        )
    if status == Vendor.Status.REJECTED:
        return ChecklistItem(
            "approval",
            False,
            title,
            gettext("Your application was rejected: %(reason)s") % {"reason": vendor.status_reason},
        )
    if status == Vendor.Status.SUSPENDED:
        return ChecklistItem(
            "approval",
            False,
            title,
            gettext("Your account is suspended: %(reason)s") % {"reason": vendor.status_reason},
        )
    return ChecklistItem(
        "approval",
        False,
        title,
        gettext(
            "Our team checks your application and usually answers within two working days. "
            "Meanwhile, upload your documents."
        ),
        url=url("frontend:seller_documents"),
        action=gettext("Upload documents"),
        step="documents",
    )


def _payouts_item(vendor, blocked: bool, url) -> ChecklistItem:
    title = gettext("Set up your payout account with Stripe")
    if not blocked:
        return ChecklistItem("payouts", True, title)
    if vendor.status != Vendor.Status.APPROVED:
        return ChecklistItem("payouts", False, title, gettext("Possible once your application is approved."))
    return ChecklistItem(
        "payouts",
        False,
        title,
        gettext(
            "Stripe pays out your sales. Enter your details at Stripe; we hear from Stripe when payouts are enabled."
        ),
        url=url("frontend:seller_verification", "#payouts"),
        action=gettext("Go to the Stripe setup"),
        step="stripe_onboarding",
    )


# --- ship-by dates (moderation.shipping: the date enforcement judges) -------------------------

SHIP_BY_OPEN_LIMIT = 1000


def with_ship_by(vendor_orders) -> list:
    """Set ``ship_by`` on each part (None once shipped or cancelled): the order day plus the
    longest handling time of its offers, in business days. One query for all of them."""
    from marketplace.models import OrderLine
    from moderation.shipping import vendor_order_ship_by

    parts = list(vendor_orders)
    days = dict(
        OrderLine.objects.filter(vendor_order__in=[p.id for p in parts])
        .values("vendor_order_id")
        .annotate(days=Max("offer__handling_days"))
        .values_list("vendor_order_id", "days")
    )
    done = (VendorOrder.Status.SHIPPED, VendorOrder.Status.DELIVERED, VendorOrder.Status.CANCELLED)
    for part in parts:
        part.ship_by = None if part.status in done else vendor_order_ship_by(part, handling_days=days.get(part.id) or 0)
    return parts


def vendor_orders_by_ship_by(*, vendor, statuses) -> list:
    """The vendor's parts in ``statuses`` (open ones), earliest ship-by date first."""
    from vendors.services.fulfilment import vendor_order_list

    parts = with_ship_by(vendor_order_list(vendor=vendor).filter(status__in=statuses)[:SHIP_BY_OPEN_LIMIT])
    return sorted(parts, key=lambda p: (p.ship_by, p.id))
