"""Service offers: what a seller (or a partner vendor) offers with a product, the buyer's choice
in the cart, and the order lines they become at checkout (priced, VAT, commission)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from buyers.addons.models import CartService, ServiceOffer
from buyers.models import CartItem
from buyers.pricing import PriceLine, vat_rate_bps
from marketplace.errors import DomainError, NotFound
from marketplace.models import OrderLine
from marketplace.money import Money
from marketplace.page_versions import products_changed
from payouts.selectors.commissions import commission_quote
from vendors.models import Product, Vendor


def service_offer_create(*, provider: Vendor, product_id: int, kind: str, title: str, price: Money) -> ServiceOffer:
    if kind not in ServiceOffer.Kind.values:
        raise DomainError(
            _("Unknown kind %(kind)r; allowed: %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(ServiceOffer.Kind.values)},
            field="kind",
        )
    if price.amount <= 0:
        raise DomainError(_("The price must be more than zero."), field="price")
    if not title.strip():
        raise DomainError(_("Give the service a title."), field="title")
    product = Product.objects.filter(id=product_id).first()
    if product is None:
        raise NotFound(_("No such product."), field="product")
    if ServiceOffer.objects.filter(provider=provider, product=product, kind=kind).exists():
        raise DomainError(_("You already offer this kind of service for this product."), field="kind")
    service = ServiceOffer.objects.create(
        provider=provider,
        product=product,
        kind=kind,
        title=title.strip(),
        currency=price.currency,
        price_amount=price.amount,
    )
    # The product page offers it in its add-to-cart form: cached copies of the page are stale.
    transaction.on_commit(lambda: products_changed([product.id]))
    return service


def service_offers_of_provider(*, provider: Vendor):
    """The provider's service offers, newest first, with the product they cover."""
    return ServiceOffer.objects.filter(provider=provider).select_related("product").order_by("-is_active", "-id")


def service_offer_products(*, provider: Vendor):
    """Products a provider may attach a service to: those it has offers for."""
    return Product.objects.filter(offers__vendor=provider).distinct().order_by("title", "id")


def service_offer_end(*, provider: Vendor, service_offer_id: int) -> ServiceOffer:
    """Stop offering a service: buyers can no longer choose it (a cart that has it is told at
    checkout); orders that include it keep their lines. Ending an ended one changes nothing."""
    with transaction.atomic():
        service = ServiceOffer.objects.select_for_update().filter(provider=provider, id=service_offer_id).first()
        if service is None:
            raise NotFound(_("No such service offer."), field="service_offer")
        if service.is_active:
            service.is_active = False
            service.save(update_fields=["is_active"])
    return service


def service_offers_for_product(*, product_id: int):
    return (
        ServiceOffer.objects.filter(product_id=product_id, is_active=True)
        .select_related("provider")
        .order_by("price_amount", "id")
    )


@transaction.atomic
def cart_service_add(*, buyer, item_id: int, service_offer_id: int) -> CartService:
    """Choose a service for a cart item: it must be offered for that item's product, in its currency."""
    item = CartItem.objects.select_related("offer").filter(cart__buyer=buyer, id=item_id).first()
    if item is None:
        raise NotFound(_("No such cart item."), field="item")
    service = ServiceOffer.objects.filter(
        id=service_offer_id, product_id=item.offer.product_id, currency=item.offer.currency, is_active=True
    ).first()
    if service is None:
        raise DomainError(
            _("Service offer %(id)s is not offered for this item.") % {"id": service_offer_id},
            field="service_offer",
            code="unknown_service_offer",
        )
    chosen, _created = CartService.objects.get_or_create(item=item, service_offer=service)
    return chosen


@transaction.atomic
def cart_services_choose(*, buyer, item_id: int, service_offer_ids) -> list[CartService]:
    """Several services for one cart item at once (the product page's add-to-cart form): all or none."""
    return [
        cart_service_add(buyer=buyer, item_id=item_id, service_offer_id=service_offer_id)
        for service_offer_id in dict.fromkeys(service_offer_ids)
    ]


def cart_service_remove(*, buyer, item_id: int, service_offer_id: int) -> None:
    """Drop a chosen service from the buyer's cart item (another buyer's item is not found)."""
    deleted, _rows = CartService.objects.filter(
        item__cart__buyer=buyer, item_id=item_id, service_offer_id=service_offer_id
    ).delete()
    if not deleted:
        raise NotFound(_("No such service in your cart."), field="service_offer")


@dataclass(frozen=True)
class ChosenService:
    key: int  # negative, so it never equals a cart item's id among the price lines
    service: ServiceOffer
    item: CartItem


def services_for_checkout(*, items: dict[int, CartItem], currency: str) -> list[ChosenService]:
    """The services chosen for the cart's items, checked again at checkout."""
    rows = (
        CartService.objects.filter(item_id__in=[item.id for item in items.values()])
        .select_related("service_offer__provider", "service_offer__product__category")
        .order_by("id")
    )
    by_item = {item.id: item for item in items.values()}
    chosen = []
    for row in rows:
        service = row.service_offer
        if not service.is_active or service.currency != currency or not service.provider.can_sell:
            raise DomainError(
                _("The service %(title)s is no longer offered; remove it from your cart.") % {"title": service.title},
                field="cart",
                code="service_unavailable",
            )
        chosen.append(ChosenService(key=-row.id, service=service, item=by_item[row.item_id]))
    return chosen


def service_price_line(chosen: ChosenService, country: str) -> PriceLine:
    service = chosen.service
    return PriceLine(
        key=chosen.key,
        vendor_id=service.provider_id,
        category_id=service.product.category_id,
        unit_price=Money(service.price_amount, service.currency),
        quantity=chosen.item.quantity,
        # Services are taxed at the standard rate of the destination.
        vat_rate_bps=vat_rate_bps(country=country, tax_class="standard"),
    )


def service_order_lines(
    *, chosen: list[ChosenService], line_totals: dict, platform_funded: bool, rules, currency: str
) -> list[OrderLine]:
    """Unsaved order lines of one provider's services (commission like goods of the product's category)."""
    lines = []
    for entry in chosen:
        service, priced = entry.service, line_totals[entry.key]
        line_total = priced.line.gross
        base = line_total if platform_funded else line_total - priced.discount
        quote = commission_quote(
            vendor=service.provider,
            category_path=service.product.category.path,
            line_total=base,
            quantity=entry.item.quantity,
            rules=rules,
        )
        lines.append(
            OrderLine(
                offer_id=entry.item.offer_id,
                service_offer_id=service.id,
                product_title=service.title[:300],
                currency=currency,
                unit_price_amount=service.price_amount,
                quantity=entry.item.quantity,
                line_total_amount=line_total.amount,
                discount_amount=priced.discount.amount,
                vat_rate_bps=priced.line.vat_rate_bps,
                vat_amount=priced.vat.amount,
                commission_bps=quote.rate_bps,
                commission_fixed_amount=quote.fixed_per_item,
                commission_rule_id=quote.rule_id,
                commission_amount=quote.commission.amount,
                commission_vat_amount=quote.vat.amount,
            )
        )
    return lines
