"""What notices and decisions can be about: offers, vendors, reviews (DSA Art. 16/17).

Each kind registers how to load it, how to restrict it (hide/suppress) and how to restore it.
Moderation registers "offer" and "vendor" here; the reviews app registers "review" from its
AppConfig.ready. The moderation queue and the statements of reasons only speak through this
registry, so moderation never imports the apps that own the content.

``locate(path, query) -> id | None`` is optional: it finds the target behind a URL of this site,
for the public notice form (a kind without it is located by comparing with ``Target.url``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import Resolver404, resolve, reverse

KINDS = ("offer", "vendor", "review")


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    vendor_id: int | None  # the vendor the content belongs to (None: a buyer's own content)
    author_user_id: int | None  # the user who wrote it (reviews); None for vendor content
    label: str
    url: str  # path on this site where the public sees it


@dataclass(frozen=True)
class TargetKind:
    load: Callable[[int], Target | None]
    restrict: Callable[..., None]
    restore: Callable[[int], None]
    locate: Callable[[str, dict], int | None] | None = None


_kinds: dict[str, TargetKind] = {}


def target_register(kind: str, *, load, restrict, restore, locate=None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown target kind {kind!r}; one of {KINDS}")
    _kinds[kind] = TargetKind(load=load, restrict=restrict, restore=restore, locate=locate)


def target_kinds() -> tuple[str, ...]:
    return tuple(k for k in KINDS if k in _kinds)


def target_kind(kind: str) -> TargetKind:
    return _kinds[kind]


def target_load(kind: str, target_id: int) -> Target | None:
    found = _kinds.get(kind)
    return found.load(target_id) if found else None


def target_locate(url: str) -> Target | None:
    """The public target behind a URL of this site (absolute or a path), or None."""
    parts = urlsplit((url or "").strip())
    path, query = parts.path or "/", parse_qs(parts.query)
    for spec in _kinds.values():
        if spec.locate is None:
            continue
        target_id = spec.locate(path, query)
        if target_id is not None:
            target = spec.load(target_id)
            if target is not None:
                return target
    return None


# ---------------------------------------------------------------------- offers and vendors


def _offer_load(offer_id: int) -> Target | None:
    from vendors.models import Offer

    offer = Offer.objects.select_related("product", "vendor").filter(id=offer_id).first()
    if offer is None:
        return None
    url = reverse("frontend:product", args=[offer.product_id]) + f"?offer={offer.id}"
    return Target(
        kind="offer",
        id=offer.id,
        vendor_id=offer.vendor_id,
        author_user_id=None,
        label=f"{offer.product.title_for()} ({offer.vendor.name}, {offer.sku})",
        url=url,
    )


def _offer_locate(path: str, query: dict) -> int | None:
    """/p/<product>/?offer=<id>: the offer must belong to that product and be on sale."""
    from vendors.models import Offer
    from vendors.selectors import LIVE_OFFER

    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "frontend:product" or not query.get("offer", [""])[0].isdigit():
        return None
    offer_id = int(query["offer"][0])
    return (
        offer_id
        if Offer.objects.filter(LIVE_OFFER, id=offer_id, product_id=match.kwargs["product_id"]).exists()
        else None
    )


def _offer_restrict(offer_id: int, *, reason: str) -> None:
    from moderation.models import OfferSuppression
    from moderation.services.rules import SUPPRESSIBLE, offer_suppress
    from vendors.models import Offer

    offer = Offer.objects.select_for_update().select_related("product").get(id=offer_id)
    if offer.status in SUPPRESSIBLE:
        offer_suppress(
            actor=None,
            offer=offer,
            reason=reason,
            cause=OfferSuppression.Cause.OPERATOR,
            action="offer.suppressed_by_notice",
        )


def _offer_restore(offer_id: int) -> None:
    """Lift a suppression, or take back a rejection (the offer goes live again, or waits while
    its product is pending)."""
    from marketplace.audit import audit_record
    from moderation.services.rules import offer_restore
    from vendors.models import Offer, Product
    from vendors.services.events import catalog_product_changed

    offer = Offer.objects.select_for_update().select_related("product").get(id=offer_id)
    reason = "Restriction lifted after a complaint."
    if offer.status == Offer.Status.REJECTED:
        offer.status = Offer.Status.PENDING if offer.product.status == Product.Status.PENDING else Offer.Status.LIVE
        offer.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, action="offer.restored_by_appeal", obj=offer, reason=reason, data={"to": offer.status})
        catalog_product_changed(product_ids=[offer.product_id])
        return
    offer_restore(actor=None, offer=offer, reason=reason, action="offer.restored_by_appeal")


def _vendor_load(vendor_id: int) -> Target | None:
    from vendors.models import Vendor

    vendor = Vendor.objects.filter(id=vendor_id).first()
    if vendor is None:
        return None
    return Target(
        kind="vendor",
        id=vendor.id,
        vendor_id=vendor.id,
        author_user_id=None,
        label=vendor.name,
        url=f"/sellers/{vendor.id}/",
    )


def _vendor_locate(path: str, query: dict) -> int | None:
    from vendors.models import Vendor

    parts = [p for p in path.split("/") if p]
    if len(parts) != 2 or parts[0] != "sellers" or not parts[1].isdigit():
        return None
    vendor_id = int(parts[1])
    return vendor_id if Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED).exists() else None


def _vendor_restrict(vendor_id: int, *, reason: str) -> None:
    from vendors.models import Vendor
    from vendors.services import vendor_suspend

    if Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED).exists():
        vendor_suspend(actor=None, vendor_id=vendor_id, reason=reason)


def _vendor_restore(vendor_id: int) -> None:
    from vendors.models import Vendor
    from vendors.services import vendor_reinstate

    if Vendor.objects.filter(id=vendor_id, status=Vendor.Status.SUSPENDED).exists():
        vendor_reinstate(actor=None, vendor_id=vendor_id)


def register_builtin_targets() -> None:
    target_register("offer", load=_offer_load, restrict=_offer_restrict, restore=_offer_restore, locate=_offer_locate)
    target_register(
        "vendor", load=_vendor_load, restrict=_vendor_restrict, restore=_vendor_restore, locate=_vendor_locate
    )
