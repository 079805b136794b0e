"""schema.org structured data for product pages (JSON-LD), so search engines show price and
availability. Prices are decimal strings made from integer minor units, never floats."""

from __future__ import annotations

import json

from django.utils.safestring import mark_safe

from frontend.common.templatetags.money import major_units

CONDITIONS = {
    "new": "https://schema.org/NewCondition",
    "refurbished": "https://schema.org/RefurbishedCondition",
    "used": "https://schema.org/UsedCondition",
}
# Characters that could end the <script> element or start markup inside it.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _offer(offer, url: str) -> dict:
    return {
        "@type": "Offer",
        "price": major_units(offer.price),
        "priceCurrency": offer.currency,
        "availability": "https://schema.org/InStock" if offer.stock > 0 else "https://schema.org/OutOfStock",
        "itemCondition": CONDITIONS.get(offer.condition, CONDITIONS["new"]),
        "seller": {"@type": "Organization", "name": offer.vendor.name},
        "url": url,
    }


def product_json_ld(*, product, offers, url: str, images: list[str] = ()) -> dict:
    """A schema.org Product; several offers become an AggregateOffer with low and high price;
    ``images``: absolute URLs of the product's pictures, the main one first."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.display_title,
        "url": url,
        "category": product.category.name,
    }
    if images:
        data["image"] = list(images)
    if product.description:
        data["description"] = product.description[:5000]
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand}
    if product.gtin:
        data["gtin"] = product.gtin
    if len(offers) == 1:
        data["offers"] = _offer(offers[0], url)
    elif offers:
        # One currency per product page; the lowest and highest price of the live offers.
        prices = sorted(offers, key=lambda offer: offer.price_amount)
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": prices[0].currency,
            "lowPrice": major_units(prices[0].price),
            "highPrice": major_units(prices[-1].price),
            "offerCount": len(offers),
            "offers": [_offer(offer, url) for offer in offers],
        }
    return data


def json_ld_script(data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 (escaped above)
