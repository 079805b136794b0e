"""Storefront glue for the design system's components: ``{% load storefront_tags %}``.

``{% main_images hits as images %}`` fetches the main picture of every product in a grid with one
query; ``{% hit_card hit images %}`` renders a search hit (``search.selectors.ProductHit``) as the
``product_card`` component (price as a ``price_block``, the picture or the placeholder).
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from frontend.common.templatetags.components import product_card
from frontend.common.templatetags.frontend_tags import hit_title
from marketplace.money import Money
from vendors.models import ProductImage

register = template.Library()


@register.simple_tag
def main_images(hits) -> dict[int, ProductImage]:
    """Product id -> its main ProductImage, for the hits (or offers: their product_id; rows with a
    ``product``) that have one."""
    ids = [
        getattr(hit, "product_id", None)
        or getattr(getattr(hit, "product", None), "id", None)
        or getattr(hit, "id", None)
        for hit in hits or ()
    ]
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return {image.product_id: image for image in ProductImage.objects.filter(product_id__in=ids, is_main=True)}


@register.filter
def picture_for(images, product_id):
    """``{% with image=images|picture_for:product.id %}``: the product's main picture or None."""
    return (images or {}).get(product_id)


CARD_SECONDS = 3600


@register.simple_tag
def sale_references(hits) -> dict[int, tuple[int, Money]]:
    """Product id -> (price, "statt" price) of the product's cheapest offer in stock while it is
    on sale (``Offer.was_price``: the lowest price of the 30 days before the sale), one query."""
    from frontend.storefront.selectors import sale_references as read

    return read(product_ids=[getattr(hit, "id", None) for hit in hits or ()])


@register.simple_tag
def hit_card(hit, images=None, heading_level: int = 3, was_prices=None):
    """The card's price is the lowest ITEM price of the offers in stock ("plus shipping", linked to
    the shipping terms), "from" only when several offers in stock compete; a sold-out product
    shows no price, only that it is sold out. ``min_price`` is not shown: it includes shipping.

    A cached fragment: the card's HTML is kept under a digest of everything it shows (and the
    language), so a changed price or picture is a different key and never a stale card."""
    context = _hit_card_context(hit, images, heading_level, was_prices)
    digest = hashlib.sha256(repr(sorted(context.items())).encode()).hexdigest()[:40]
    key = f"card:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("components/product_card.html", context)
        cache.set(key, html, CARD_SECONDS)
    return mark_safe(html)  # rendered by the component's own (autoescaping) template


def _hit_card_context(hit, images, heading_level: int, was_prices=None) -> dict:
    title = hit_title(hit)
    price = was = None
    if hit.in_stock and hit.min_item_price is not None and hit.currency:
        price = Money(hit.min_item_price, hit.currency)
        # "statt" only for the offer whose price the card shows (the index may lag a price change).
        sale = (was_prices or {}).get(hit.id)
        if sale and sale[0] == price.amount and sale[1].currency == price.currency:
            was = sale[1]
    # The picture from the database read for the grid, else the one the index carries.
    image = (images or {}).get(hit.id) or getattr(hit, "image", None)
    return product_card(
        title=title,
        url=reverse("frontend:product", args=[hit.id]),
        price=price,
        image=image,
        image_alt=title if image else "",
        from_price=(hit.buyable_offer_count or 0) > 1,
        brand=hit.brand,
        offer_count=hit.offer_count,
        in_stock=hit.in_stock,
        vendor_names=hit.vendor_names,
        heading_level=heading_level,
        shipping_url=reverse("frontend:shipping_terms"),
        was=was,
    )


@register.filter
def as_money(amount, currency):
    """Minor units and a currency as Money (for price_block); None stays None."""
    if amount is None or not currency:
        return None
    return Money(int(amount), currency)


@register.inclusion_tag("components/product_card.html")
def offer_card(offer, images=None, heading_level: int = 3):
    """One offer of a seller (seller page) as a product card: the product, this seller's price."""
    title = offer.product.display_title
    image = (images or {}).get(offer.product_id)
    return product_card(
        title=title,
        url=reverse("frontend:product", args=[offer.product_id]),
        price=offer.price,
        image=image,
        image_alt=title if image else "",
        in_stock=bool(offer.stock),
        was=offer.was_price,
        heading_level=heading_level,
    )
