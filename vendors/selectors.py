from django.db.models import Prefetch, Q, QuerySet

from marketplace.errors import NotFound, PermissionDenied
from vendors.models import Offer, Product, Vendor, VendorMember
from vendors.roles import ROLE_PERMISSIONS

LIVE_OFFER = Q(is_active=True, vendor__status=Vendor.Status.APPROVED, product__status=Product.Status.ACTIVE)


def vendor_for_user(*, user, vendor_id: int | None = None, permission: str | None = None) -> Vendor:
    """The vendor ``user`` acts for. Not a member: NotFound, whatever the vendor's existence.

    A user who belongs to several vendors names one (``X-Vendor`` header / ``vendor`` field);
    with exactly one membership it is implied.
    """
    memberships = VendorMember.objects.filter(user_id=user.pk).select_related("vendor")
    if vendor_id is not None:
        memberships = memberships.filter(vendor_id=vendor_id)
    found = list(memberships[:2])
    if not found:
        raise NotFound("No such vendor.", field="vendor" if vendor_id is not None else None)
    if len(found) > 1:
        raise NotFound("You belong to several vendors; say which one you act for (X-Vendor header).", field="vendor")
    membership = found[0]
    if permission and not user.has_perm(f"vendors.{permission}", membership.vendor):
        raise PermissionDenied(f"Your role ({membership.role}) does not allow this.")
    return membership.vendor


def vendor_role(*, user, vendor: Vendor) -> str | None:
    return VendorMember.objects.filter(user_id=user.pk, vendor=vendor).values_list("role", flat=True).first()


def role_permissions(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def offer_list(*, vendor: Vendor) -> QuerySet[Offer]:
    return Offer.objects.filter(vendor=vendor).select_related("product", "product__category").order_by("id")


def offer_get(*, vendor: Vendor, offer_id: int) -> Offer:
    try:
        return offer_list(vendor=vendor).get(id=offer_id)
    except Offer.DoesNotExist:
        raise NotFound("No such offer.", field="offer") from None


def live_offer_get(*, offer_id: int) -> Offer:
    """An offer a buyer may buy; anything else (inactive, vendor not approved) is not found."""
    try:
        return Offer.objects.select_related("vendor", "product").filter(LIVE_OFFER).get(id=offer_id)
    except Offer.DoesNotExist:
        raise NotFound(f"Offer {offer_id} does not exist or is not for sale.", field="offer") from None


def products_with_live_offers(*, product_ids) -> list[Product]:
    """Products by id with their live offers prefetched (as ``live_offers``), for indexing."""
    live = Offer.objects.filter(LIVE_OFFER).select_related("vendor").order_by("price_amount", "id")
    return list(
        Product.objects.filter(id__in=product_ids)
        .select_related("category")
        .prefetch_related(Prefetch("offers", queryset=live, to_attr="live_offers"))
    )


def product_ids_all() -> QuerySet:
    return Product.objects.order_by("id").values_list("id", flat=True)
