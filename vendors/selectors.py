from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import DomainError, NotFound, PermissionDenied
from marketplace.money import Money
from marketplace.selectors import QueueCount
from vendors.buy_box import BuyBox, Candidate, buy_box
from vendors.models import (
    ImportJob,
    ImportRowError,
    Offer,
    PickupLocation,
    Product,
    ShippingProfile,
    Vendor,
    VendorDocument,
    VendorInvitation,
    VendorMember,
)
from vendors.roles import ROLE_PERMISSIONS
from vendors.seller_score import seller_scores
from vendors.shipping import DEFAULT_DESTINATION, ProfileRules, RateRule, ZoneRule

# Only approved (hence unsuspended) vendors whose Stripe payouts are enabled, whose trader data
# passed the check (DSA Art. 30) and whose account is not closed sell; see Vendor.can_sell.
SELLABLE_VENDOR = Q(
    vendor__status=Vendor.Status.APPROVED,
    vendor__payouts_enabled=True,
    vendor__trader_ok=True,
    vendor__closed_at__isnull=True,
)
LIVE_OFFER = Q(status=Offer.Status.LIVE, product__status=Product.Status.ACTIVE) & SELLABLE_VENDOR


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
        raise NotFound(_("No such vendor."), field="vendor" if vendor_id is not None else None)
    if len(found) > 1:
        raise NotFound(_("You belong to several vendors; say which one you act for (X-Vendor header)."), field="vendor")
    membership = found[0]
    if permission and not user.has_perm(f"vendors.{permission}", membership.vendor):
        raise PermissionDenied(_("Your role (%(role)s) does not allow this.") % {"role": membership.role})
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
        raise NotFound(_("No such offer."), field="offer") from None


def live_offer_get(*, offer_id: int) -> Offer:
    """An offer a buyer may buy; anything else (inactive, vendor not approved) is not found."""
    try:
        return Offer.objects.select_related("vendor", "product").filter(LIVE_OFFER).get(id=offer_id)
    except Offer.DoesNotExist:
        raise NotFound(
            _("Offer %(offer_id)s does not exist or is not for sale.") % {"offer_id": offer_id}, field="offer"
        ) from None


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


# --------------------------------------------------------------------------- onboarding and staff


def vendor_memberships(*, user) -> QuerySet[VendorMember]:
    """The vendors ``user`` belongs to, to choose one to act for (X-Vendor)."""
    return VendorMember.objects.filter(user_id=user.pk).select_related("vendor").order_by("vendor__name", "vendor_id")


def vendor_member_list(*, vendor: Vendor) -> QuerySet[VendorMember]:
    return VendorMember.objects.filter(vendor=vendor).select_related("user").order_by("id")


def vendor_member_get(*, vendor: Vendor, member_id: int) -> VendorMember:
    member = vendor_member_list(vendor=vendor).filter(id=member_id).first()
    if member is None:
        raise NotFound(_("No such member."), field="member")
    return member


def vendor_invitation_get(*, vendor: Vendor, invitation_id: int) -> VendorInvitation:
    invitation = vendor_invitation_list(vendor=vendor).filter(id=invitation_id).first()
    if invitation is None:
        raise NotFound(_("No such open invitation."), field="invitation")
    return invitation


def vendor_invitation_list(*, vendor: Vendor) -> QuerySet[VendorInvitation]:
    return VendorInvitation.objects.filter(vendor=vendor, accepted_at__isnull=True, revoked_at__isnull=True).order_by(
        "-id"
    )


def vendor_document_list(*, vendor: Vendor) -> QuerySet[VendorDocument]:
    return VendorDocument.objects.filter(vendor=vendor).order_by("id")


def vendor_document_get(*, vendor: Vendor, document_id: int) -> VendorDocument:
    document = vendor_document_list(vendor=vendor).filter(id=document_id).first()
    if document is None:
        raise NotFound(_("No such document."), field="document")
    return document


def operator_vendor_list(*, status: str | None = None) -> QuerySet[Vendor]:
    queryset = Vendor.objects.order_by("-created_at", "-id").prefetch_related("intended_categories")
    return queryset.filter(status=status) if status else queryset


def operator_vendor_get(*, vendor_id: int) -> Vendor:
    vendor = operator_vendor_list().filter(id=vendor_id).first()
    if vendor is None:
        raise NotFound(_("No such vendor."))
    return vendor


def offer_get_by_sku(*, vendor: Vendor, sku: str) -> Offer:
    try:
        return offer_list(vendor=vendor).get(sku=sku)
    except Offer.DoesNotExist:
        raise NotFound(_("You have no offer with SKU %(sku)r.") % {"sku": sku}, field="sku") from None


# --- Shipping profiles --------------------------------------------------------------------


def shipping_profile_list(*, vendor: Vendor) -> QuerySet[ShippingProfile]:
    return (
        ShippingProfile.objects.filter(vendor=vendor)
        .prefetch_related("zones__rates", "pickup_locations")
        .order_by("name", "id")
    )


def shipping_profile_get(*, vendor: Vendor, profile_id: int) -> ShippingProfile:
    try:
        return shipping_profile_list(vendor=vendor).get(id=profile_id)
    except ShippingProfile.DoesNotExist:
        raise NotFound(_("No such shipping profile."), field="shipping_profile") from None


def shipping_profile_rules(profile: ShippingProfile) -> ProfileRules:
    """The plain rules of a profile (zones and rates prefetched) for vendors.shipping."""
    zones = []
    for zone in sorted(profile.zones.all(), key=lambda z: (z.position, z.id)):
        rates = sorted(zone.rates.all(), key=lambda r: (r.max_weight_g is None, r.max_weight_g or 0, r.id))
        zones.append(
            ZoneRule(
                name=zone.name,
                countries=frozenset(zone.countries),
                rate_kind=zone.rate_kind,
                rates=tuple(RateRule(r.amount, r.additional_item_amount, r.max_weight_g) for r in rates),
                transit_days=zone.transit_days,
            )
        )
    return ProfileRules(
        profile_id=profile.id,
        name=profile.name,
        currency=profile.currency,
        handling_days=profile.handling_days,
        free_shipping_threshold=profile.free_shipping_threshold,
        zones=tuple(zones),
        pickup_location_ids=frozenset(p.id for p in profile.pickup_locations.all()),
    )


def shipping_rules_for_offers(*, offers) -> dict[int, ProfileRules | None]:
    """Each offer's shipping rules by offer id: its own profile, else its vendor's default one.

    Four queries whatever the number of offers (profiles, zones, rates, pickup locations)."""
    offers = list(offers)
    vendor_ids = {o.vendor_id for o in offers}
    profile_ids = {o.shipping_profile_id for o in offers if o.shipping_profile_id}
    profiles = ShippingProfile.objects.filter(
        Q(id__in=profile_ids) | Q(vendor_id__in=vendor_ids, is_default=True)
    ).prefetch_related(
        "zones__rates", Prefetch("pickup_locations", queryset=PickupLocation.objects.only("id", "profile_id"))
    )
    by_id: dict[int, ProfileRules] = {}
    default_for_vendor: dict[int, ProfileRules] = {}
    for profile in profiles:
        rules = shipping_profile_rules(profile)
        by_id[profile.id] = rules
        if profile.is_default:
            default_for_vendor[profile.vendor_id] = rules
    return {
        o.id: by_id.get(o.shipping_profile_id) if o.shipping_profile_id else default_for_vendor.get(o.vendor_id)
        for o in offers
    }


def vendor_orders_delivery_promise(*, parts) -> dict:
    """VendorOrder id -> the delivery promise made when its order was placed: the latest "deliver
    by" date of its lines' offers, counted from the order's day to the order's shipping country
    (``vendors.delivery.delivery_date``; the offers' handling days and shipping rules as they are
    now). ``parts`` with ``order`` and ``lines`` at hand; a part whose offers are gone has none."""
    from vendors.delivery import delivery_date

    parts = list(parts)
    offer_ids = {line.offer_id for part in parts for line in part.lines.all()}
    if not offer_ids:
        return {}
    offers = {
        o.id: o
        for o in Offer.objects.filter(id__in=offer_ids).only("id", "vendor_id", "handling_days", "shipping_profile_id")
    }
    rules = shipping_rules_for_offers(offers=list(offers.values()))
    dates = {}
    for part in parts:
        country = (part.order.shipping_address or {}).get("country") or DEFAULT_DESTINATION
        ordered = timezone.localdate(part.order.created_at)
        found = [
            delivery_date(offers[line.offer_id].handling_days, rules.get(line.offer_id), country, today=ordered)
            for line in part.lines.all()
            if line.offer_id in offers
        ]
        if found:
            dates[part.id] = max(found)
    return dates


# --- Click and collect (the buyers' checkout asks these) -----------------------------------


@dataclass(frozen=True)
class PickupPoint:
    """A vendor's pickup location as other apps see it (``opening_hours``: weekday -> spans)."""

    id: int
    vendor_id: int
    profile_id: int
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    opening_hours: dict


def _pickup_point(location: PickupLocation) -> PickupPoint:
    return PickupPoint(
        id=location.id,
        vendor_id=location.profile.vendor_id,
        profile_id=location.profile_id,
        name=location.name,
        street=location.street,
        postal_code=location.postal_code,
        city=location.city,
        country=location.country,
        opening_hours=location.opening_hours,
    )


def _vendor_pickups(vendor_id: int) -> QuerySet[PickupLocation]:
    return PickupLocation.objects.filter(profile__vendor_id=vendor_id).select_related("profile").order_by("name", "id")


def pickup_locations_for_vendor(vendor_id: int) -> list[PickupPoint]:
    """Where buyers may collect this vendor's orders, by name (empty: the vendor only ships)."""
    return [_pickup_point(location) for location in _vendor_pickups(vendor_id)]


def pickup_location_get(*, vendor_id: int, pickup_location_id) -> PickupPoint:
    """The buyer's chosen pickup location, checked to be one of this vendor's: another vendor's
    (or a missing) id is NotFound, anything but a positive id a DomainError, both on field
    ``pickup_location``. Whether the cart's items may be collected there is
    ``vendors.shipping.shipping_cost(delivery=PICKUP, pickup_location_id=...)``'s to say."""
    if isinstance(pickup_location_id, bool) or not isinstance(pickup_location_id, int) or pickup_location_id < 1:
        raise DomainError(_("Choose a pickup location by its id (a positive number)."), field="pickup_location")
    location = _vendor_pickups(vendor_id).filter(id=pickup_location_id).first()
    if location is None:
        raise NotFound(_("This seller has no such pickup location."), field="pickup_location")
    return _pickup_point(location)


# --- Imports ------------------------------------------------------------------------------


def import_job_list(*, vendor: Vendor) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(vendor=vendor).order_by("-created_at", "-id")


def import_job_get(*, vendor: Vendor, job_id: int) -> ImportJob:
    try:
        return import_job_list(vendor=vendor).get(id=job_id)
    except ImportJob.DoesNotExist:
        raise NotFound(_("No such import."), field="import") from None


def import_row_errors(*, job: ImportJob) -> QuerySet[ImportRowError]:
    return ImportRowError.objects.filter(job=job).order_by("row", "id")


# --- Buy box ------------------------------------------------------------------------------


def buy_box_for_products(
    *, product_ids=None, offers=None, country: str = DEFAULT_DESTINATION, rules: dict | None = None
) -> dict[tuple[int, int | None, str], BuyBox]:
    """The buy box of each (product, variant, condition) among live offers (vendors/buy_box.py),
    for delivery to ``country``; the seller scores come from ratings and scorecards
    (vendors/seller_score.py). ``offers``: live offers already read (anything with id, product_id,
    variant_id, condition, vendor_id, price, stock, handling_days, shipping_profile_id), instead
    of ``product_ids``; ``rules``: their shipping rules when already read."""
    if offers is None:
        offers = Offer.objects.filter(LIVE_OFFER, product_id__in=set(product_ids or ())).order_by("id")
    offers = sorted(offers, key=lambda o: o.id)
    rules = shipping_rules_for_offers(offers=offers) if rules is None else rules
    scores = seller_scores({o.vendor_id for o in offers})
    groups: dict[tuple[int, int | None, str], list[Candidate]] = {}
    for offer in offers:
        groups.setdefault((offer.product_id, offer.variant_id, offer.condition), []).append(
            buy_box_candidate(offer, rules.get(offer.id), scores[offer.vendor_id])
        )
    return {key: buy_box(candidates, country=country) for key, candidates in groups.items()}


def buy_box_candidate(offer, rules: ProfileRules | None, seller_score: int) -> Candidate:
    """One offer as the buy box weighs it (``vendors.buy_box.Candidate``)."""
    return Candidate(
        offer.id,
        offer.vendor_id,
        offer.price,
        offer.stock,
        offer.handling_days,
        rules,
        seller_score=seller_score,
    )


@dataclass
class OfferBuyBox:
    offer: Offer
    holds_buy_box: bool
    landed_price: Money | None
    winning_landed_price: Money | None
    winning_offer_id: int | None
    reasons: list[str]


def offer_buy_box_status(*, vendor: Vendor, offers) -> list[OfferBuyBox]:
    """For each of ``vendor``'s offers: does it hold its buy box, and if not, why."""
    offers = [o for o in offers if o.vendor_id == vendor.id]
    boxes = buy_box_for_products(product_ids={o.product_id for o in offers})
    result = []
    for offer in offers:
        box = boxes.get((offer.product_id, offer.variant_id, offer.condition))
        entry = box.entries.get(offer.id) if box else None
        winner = box.winner if box else None
        if entry is None:
            reasons = [_("not live (status %(status)s)") % {"status": offer.status}]
            if offer.status == Offer.Status.LIVE:
                reasons = [_("not for sale: the product or your vendor account is not active")]
        else:
            reasons = entry.reasons
        result.append(
            OfferBuyBox(
                offer=offer,
                holds_buy_box=winner is not None and winner.offer_id == offer.id,
                landed_price=entry.landed_price if entry else None,
                winning_landed_price=winner.landed_price if winner else None,
                winning_offer_id=winner.offer_id if winner else None,
                reasons=reasons,
            )
        )
    return result


# --- Catalog search (listing flow) ----------------------------------------------------------


def listable_products(*, vendor: Vendor) -> QuerySet[Product]:
    """Products a vendor may offer: active ones, and its own proposals awaiting moderation."""
    return Product.objects.filter(
        Q(status=Product.Status.ACTIVE) | Q(status=Product.Status.PENDING, created_by=vendor)
    ).select_related("category")


def listable_product_get(*, vendor: Vendor, product_id: int) -> Product:
    try:
        return listable_products(vendor=vendor).get(id=product_id)
    except Product.DoesNotExist:
        raise NotFound(_("No such catalog product."), field="product") from None


def catalog_search(*, vendor: Vendor, gtin: str = "", query: str = "", limit: int = 20) -> list[Product]:
    """The listing flow's first step: find a product by GTIN (product or variant) or by text.

    A plain database search: the storefront's ranked search is OpenSearch's (search app)."""
    products = (
        listable_products(vendor=vendor)
        .prefetch_related("variants")
        .annotate(live_offer_count=Count("offers", filter=Q(offers__status=Offer.Status.LIVE)))
    )
    if gtin:
        products = products.filter(Q(gtin=gtin) | Q(variants__gtin=gtin)).distinct()
    else:
        for word in query.split()[:8]:
            products = products.filter(
                Q(title__icontains=word) | Q(title_en__icontains=word) | Q(brand__icontains=word)
            )
    return list(products.order_by("-live_offer_count", "id")[:limit])


def own_product_get(*, vendor: Vendor, product_id: int) -> Product:
    """A product the vendor proposed (images, variants); anyone else's is not found."""
    try:
        return Product.objects.get(id=product_id, created_by=vendor)
    except Product.DoesNotExist:
        raise NotFound(_("No such product of yours."), field="product") from None


# --------------------------------------------------------------------------- operator dashboard and search


def application_queue(*, now=None) -> QueueCount:
    """Applications waiting for an operator (applied or under review; "information requested"
    waits for the vendor). Overdue: submitted more than SLA_VENDOR_APPLICATION_HOURS ago."""
    now = now or timezone.now()
    waiting = Vendor.objects.filter(status__in=[Vendor.Status.APPLIED, Vendor.Status.UNDER_REVIEW])
    limit = now - timedelta(hours=settings.SLA_VENDOR_APPLICATION_HOURS)
    return QueueCount(waiting.count(), waiting.filter(created_at__lt=limit).count())


def vendors_approved_count(*, start, end) -> int:
    """Vendors approved in [start, end): the new sellers of a period."""
    return Vendor.objects.filter(approved_at__gte=start, approved_at__lt=end).count()


def operator_vendor_search(*, query: str, limit: int = 20) -> QuerySet[Vendor]:
    """Vendors by name, legal name or e-mail (contained, any case) or VAT ID (exact)."""
    query = query.strip()
    if not query:
        return Vendor.objects.none()
    compact = query.replace(" ", "").upper()
    match = Q(name__icontains=query) | Q(legal_name__icontains=query) | Q(email__iexact=query) | Q(vat_id=compact)
    return Vendor.objects.filter(match).order_by("name", "id")[:limit]


def operator_product_search(*, query: str, limit: int = 20) -> QuerySet[Product]:
    """Products by GTIN (exact; also a variant's) or title (contained), whatever their status."""
    query = query.strip()
    if not query:
        return Product.objects.none()
    match = Q(title__icontains=query) | Q(title_en__icontains=query)
    if query.isdigit():
        match |= Q(gtin=query) | Q(variants__gtin=query)
    return Product.objects.filter(match).distinct().order_by("title", "id")[:limit]


def operator_offer_search(*, query: str, limit: int = 20) -> QuerySet[Offer]:
    """Offers by the vendor's SKU (exact, any case) or the GTIN of their product or variant."""
    query = query.strip()
    if not query:
        return Offer.objects.none()
    match = Q(sku__iexact=query)
    if query.isdigit():
        match |= Q(product__gtin=query) | Q(variant__gtin=query)
    return Offer.objects.filter(match).select_related("vendor", "product").order_by("vendor__name", "id")[:limit]
