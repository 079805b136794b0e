"""Product documents built from the database, read lean.

Per batch of products: one query for the live offers (with their vendor's name), one for the
products that have any (with their category), four for the shipping profiles involved
(``vendors.selectors.shipping_rules_for_offers``), two for the review sums of the products and
of their sellers (``buyers.reviews.selectors``), two for the seller scores of the buy box
(``vendors.seller_score``), one for the names of the categories' parents (none when all are
top-level categories), one for the main pictures. Rows arrive as tuples, never as model
instances: a full reindex reads every product and offer, and building 200,000 Offer objects
cost more than the rest of the pipeline together.

The landed price and free shipping come from ``vendors.shipping.shipping_cost`` (see
``search.shipping``), so search, buy box and checkout agree. The best offer is the buy box's
featured offer (``vendors.buy_box.featured_entry``), the one the product page puts first.
Prices count only offers a buyer can buy now (in stock): a sold-out offer never sets the "from"
price of a card; only when every offer is sold out do its prices stand (the card then says so).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from buyers.reviews.selectors import product_rating_sums, seller_rating_sums
from marketplace.models import Category
from marketplace.money import Money
from search.shipping import OfferShipping, shipping_for_offers
from vendors.buy_box import featured_entry
from vendors.images import index_image
from vendors.models import Offer, Product, ProductImage
from vendors.selectors import LIVE_OFFER, buy_box_for_products, shipping_rules_for_offers


class OfferRow(NamedTuple):
    """What a document needs of a live offer (also what search.shipping needs)."""

    id: int
    product_id: int
    vendor_id: int
    vendor_name: str
    price_amount: int
    currency: str
    stock: int
    condition: str
    handling_days: int
    shipping_profile_id: int | None
    weight_g: int | None
    variant_id: int | None = None

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


class ProductRow(NamedTuple):
    id: int
    status: str
    title: str
    title_en: str
    description: str
    description_en: str
    brand: str
    gtin: str
    attributes: dict
    created_at: object
    updated_at: object
    category_id: int
    category_path: str
    category_name_de: str
    category_name_en: str


OFFER_COLUMNS = (
    "id",
    "product_id",
    "vendor_id",
    "vendor__name",
    "price_amount",
    "currency",
    "stock",
    "condition",
    "handling_days",
    "shipping_profile_id",
    "weight_g",
    "variant_id",
)
PRODUCT_COLUMNS = (
    "id",
    "status",
    "title",
    "title_en",
    "description",
    "description_en",
    "brand",
    "gtin",
    "attributes",
    "created_at",
    "updated_at",
    "category_id",
    "category__path",
    "category__name_de",
    "category__name_en",
)
NOT_SHIPPED_HOME = OfferShipping(cost=None, free=False)


def attribute_pairs(attributes) -> list[dict]:
    pairs = []
    for code, value in sorted((attributes or {}).items()):
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None or item == "":
                continue
            text = ("true" if item else "false") if isinstance(item, bool) else str(item)
            pairs.append({"code": str(code), "value": text})
    return pairs


def _canonical_json(document: dict) -> str:
    return json.dumps({k: v for k, v in document.items() if k != "content_hash"}, sort_keys=True, default=str)


def content_hash(document: dict) -> str:
    return hashlib.sha1(_canonical_json(document).encode()).hexdigest()


def live_offer_rows(product_ids: list[int]) -> list[OfferRow]:
    rows = Offer.objects.filter(LIVE_OFFER, product_id__in=product_ids).values_list(*OFFER_COLUMNS)
    return [OfferRow._make(row) for row in rows]


def product_rows(product_ids: Iterable[int]) -> list[ProductRow]:
    rows = Product.objects.filter(id__in=list(product_ids)).values_list(*PRODUCT_COLUMNS)
    return [ProductRow._make(row) for row in rows]


def _rating_fields(product: tuple[int, int] | None, seller: tuple[int, int] | None) -> dict:
    """(sum of stars, count) of the product and of the best offer's seller -> the index fields."""
    stars, count = product or (0, 0)
    seller_stars, seller_count = seller or (0, 0)
    return {
        "rating": stars / count if count else None,
        "rating_count": count,
        "seller_rating": seller_stars / seller_count if seller_count else None,
        "seller_rating_count": seller_count,
    }


def ancestor_paths(category_path: str) -> list[str]:
    parts = category_path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]


def ancestor_names(category_paths: Iterable[str]) -> dict[str, list[str]]:
    """Path of each ancestor of these categories -> [German name, English name] (one query)."""
    paths = {a for path in category_paths for a in ancestor_paths(path)}
    if not paths:
        return {}
    return {
        path: [de, en]
        for path, de, en in Category.objects.filter(path__in=paths).values_list("path", "name_de", "name_en")
    }


def document_from_rows(
    product: ProductRow,
    offers: list[OfferRow],
    shipping: dict[int, OfferShipping],
    *,
    as_json: bool = False,
    ratings: dict | None = None,
    seller_ratings: dict | None = None,
    featured_offer_id: int | None = None,
    ancestors: dict[str, list[str]] | None = None,
    image: dict | None = None,
) -> dict | str | None:
    """The document of a product from its live offers, or None when nothing of it is for sale.

    ``as_json``: the document as the JSON text to send, serialised once: the text hashed for
    ``content_hash`` is the one sent, with the hash appended (the bulk helper passes text on).
    ``ratings``/``seller_ratings``: product id / vendor id -> (sum of stars, count).
    ``featured_offer_id``: the buy box's featured offer (None: no offer can win it, e.g. all sold
    out; the cheapest buyable, else cheapest, offer stands in); ``ancestors``: the names of the
    category's ancestors by path (``ancestor_names``); ``image``: the main picture
    (``vendors.images.index_image``, from ``main_images``)."""
    if product.status != Product.Status.ACTIVE or not offers:
        return None
    ratings, seller_ratings = ratings or {}, seller_ratings or {}
    # Landed price: item price plus shipping of one item home (not shipped home: price alone).
    landed = {o.id: o.price_amount + (shipping.get(o.id, NOT_SHIPPED_HOME).cost or 0) for o in offers}
    buyable = [o for o in offers if o.stock > 0]
    priced = buyable or offers  # sold-out prices only when nothing else is there
    featured = next((o for o in offers if o.id == featured_offer_id), None)
    best = featured or min(priced, key=lambda o: (landed[o.id], o.price_amount, o.id))
    parts = product.category_path.split("/")
    pairs = attribute_pairs(product.attributes)
    document = {
        "product_id": product.id,
        "title": product.title,
        "title_en": product.title_en,
        "description": product.description,
        "description_en": product.description_en,
        "brand": product.brand,
        "attributes_text": " ".join(p["value"] for p in pairs),
        "attributes": pairs,
        "gtin": product.gtin,
        "category_id": product.category_id,
        "category_path": product.category_path,
        "category_paths": ["/".join(parts[: i + 1]) for i in range(len(parts))],
        "category_name_de": product.category_name_de,
        "category_name_en": product.category_name_en,
        # The parents' names, German and English, root first: a search for "Haushaltsgeräte" finds
        # the vacuum cleaners of its sub-category.
        "category_ancestor_names": [
            name for path in ancestor_paths(product.category_path) for name in (ancestors or {}).get(path, [])
        ],
        "currency": best.currency,
        "min_price": min(landed[o.id] for o in priced if o.currency == best.currency),
        "min_item_price": min(o.price_amount for o in priced if o.currency == best.currency),
        "offer_count": len(offers),
        "buyable_offer_count": len(buyable),
        "best_offer_id": best.id,
        "vendor_ids": sorted({o.vendor_id for o in offers}),
        "vendor_names": sorted({o.vendor_name for o in offers}),
        "conditions": sorted({o.condition for o in offers}),
        "in_stock": any(o.stock > 0 for o in offers),
        "free_shipping": any(shipping.get(o.id, NOT_SHIPPED_HOME).free for o in offers),
        "fastest_handling_days": min(o.handling_days for o in offers),
        # Averages of visible reviews (buyers.reviews): exact integer sums, divided only here.
        **_rating_fields(ratings.get(product.id), seller_ratings.get(best.vendor_id)),
        "created_at": product.created_at.isoformat(),
        "updated_at": product.updated_at.isoformat(),
        "image": image,
    }
    text = _canonical_json(document)
    digest = hashlib.sha1(text.encode()).hexdigest()
    if as_json:
        return f'{text[:-1]}, "content_hash": "{digest}"}}'
    document["content_hash"] = digest
    return document


def main_images(product_ids: Iterable[int]) -> dict[int, dict]:
    """Product id -> its main picture as the index carries it (one query)."""
    images = ProductImage.objects.filter(product_id__in=list(product_ids), is_main=True)
    return {image.product_id: index_image(image) for image in images}


def product_documents(product_ids: Iterable[int], *, as_json: bool = False) -> dict[int, dict | str | None]:
    """Product id -> its document (None: must not be in the index), read from the database;
    ``as_json``: as JSON text, ready for a bulk request."""
    ids = list(product_ids)
    offers = live_offer_rows(ids)
    by_product: dict[int, list[OfferRow]] = defaultdict(list)
    for offer in offers:
        by_product[offer.product_id].append(offer)
    # Only products with a live offer can have a document; the others are None without a read.
    products = {row.id: row for row in product_rows(by_product)}
    rules = shipping_rules_for_offers(offers=offers)
    shipping = shipping_for_offers(offers, rules=rules)
    # Two grouped queries per batch: the products' review sums and their sellers' rating sums.
    ratings = product_rating_sums(products)
    seller_ratings = seller_rating_sums({o.vendor_id for o in offers})
    boxes: dict[int, dict] = defaultdict(dict)
    for key, box in buy_box_for_products(offers=[o for o in offers if o.product_id in products], rules=rules).items():
        boxes[key[0]][key] = box
    featured = {pid: featured_entry(product_boxes) for pid, product_boxes in boxes.items()}
    ancestors = ancestor_names({row.category_path for row in products.values()})
    images = main_images(products)
    return {
        pid: document_from_rows(
            products[pid],
            by_product[pid],
            shipping,
            as_json=as_json,
            ratings=ratings,
            seller_ratings=seller_ratings,
            ancestors=ancestors,
            featured_offer_id=featured[pid].offer_id if featured.get(pid) else None,
            image=images.get(pid),
        )
        if pid in products
        else None
        for pid in ids
    }
