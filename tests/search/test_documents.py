"""Documents: the lean read path equals the per-product builder; shipping figures agree with the cart."""

import json

import pytest

from buyers.shipping import cart_shipping
from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from search.build import content_hash, product_documents
from search.engine import client, products_alias
from search.indexing import index_refresh
from search.selectors import SearchFilters, product_search
from search.shipping import OfferShipping, shipping_for_offers
from tests.factories import make_offer, make_vendor
from tests.search.conftest import suspend_vendor
from vendors.buy_box import featured_entry
from vendors.images import index_image
from vendors.models import Offer, Product, ShippingProfile
from vendors.selectors import LIVE_OFFER, buy_box_for_products, products_with_live_offers
from vendors.services import offer_update
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = pytest.mark.django_db


# --- the reference: the per-product builder the index used before the lean path -----------------
# Written against model instances (Product with prefetched live offers, Offer.vendor), it is the
# readable statement of what a document holds; the lean path must produce exactly the same.


def reference_attribute_pairs(attributes) -> list[dict]:
    pairs = []
    for code, value in sorted((attributes or {}).items()):
        for item in value if isinstance(value, list) else [value]:
            if item is None or item == "":
                continue
            pairs.append(
                {"code": str(code), "value": ("true" if item else "false") if isinstance(item, bool) else str(item)}
            )
    return pairs


def reference_ancestor_names(category) -> list[str]:
    names, parent = [], category.parent
    while parent is not None:
        names[:0] = [parent.name_de, parent.name_en]
        parent = parent.parent
    return names


def reference_document(product: Product, shipping: dict[int, OfferShipping]) -> dict | None:
    offers = product.live_offers
    if product.status != Product.Status.ACTIVE or not offers:
        return None
    unknown = OfferShipping(cost=None, free=False)
    landed = {o.id: o.price_amount + (shipping.get(o.id, unknown).cost or 0) for o in offers}
    # The best offer is the buy box's featured one; prices are those of offers in stock.
    featured = featured_entry(buy_box_for_products(offers=offers))
    buyable = [o for o in offers if o.stock > 0]
    priced = buyable or offers
    best = (
        next(o for o in offers if o.id == featured.offer_id)
        if featured
        else min(priced, key=lambda o: (landed[o.id], o.price_amount, o.id))
    )
    parts = product.category.path.split("/")
    pairs = reference_attribute_pairs(product.attributes)
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
        "category_id": product.category.id,
        "category_path": product.category.path,
        "category_paths": ["/".join(parts[: i + 1]) for i in range(len(parts))],
        "category_name_de": product.category.name_de,
        "category_name_en": product.category.name_en,
        "category_ancestor_names": reference_ancestor_names(product.category),
        "currency": best.currency,
        "min_price": min(landed[o.id] for o in priced),
        "min_item_price": min(o.price_amount for o in priced),
        "offer_count": len(offers),
        "buyable_offer_count": len(buyable),
        "best_offer_id": best.id,
        "vendor_ids": sorted({o.vendor_id for o in offers}),
        "vendor_names": sorted({o.vendor.name for o in offers}),
        "conditions": sorted({o.condition for o in offers}),
        "in_stock": any(o.stock > 0 for o in offers),
        "free_shipping": any(shipping.get(o.id, unknown).free for o in offers),
        "fastest_handling_days": min(o.handling_days for o in offers),
        "rating": None,
        "rating_count": 0,
        # No reviews in these catalogs; documents with ratings: tests/buyers/reviews/test_search.py.
        "seller_rating": None,
        "seller_rating_count": 0,
        "created_at": product.created_at.isoformat(),
        "updated_at": product.updated_at.isoformat(),
        # The main picture (images in documents: tests/frontend/test_product_images.py).
        "image": index_image(product.images.filter(is_main=True).first()),
    }
    document["content_hash"] = content_hash(document)
    return document


def reference_documents(product_ids) -> dict[int, dict | None]:
    ids = list(product_ids)
    products = {p.id: p for p in products_with_live_offers(product_ids=ids)}
    shipping = shipping_for_offers([o for p in products.values() for o in p.live_offers])
    return {pid: reference_document(products[pid], shipping) if pid in products else None for pid in ids}


# --- a catalog with every kind of shipping ---------------------------------------------------------


def zone(countries, kind, *rates) -> ZoneSpec:
    return ZoneSpec(name="-".join(countries), countries=list(countries), rate_kind=kind, rates=list(rates))


@pytest.fixture
def shipping_catalog(corpus):
    """The corpus (vendors without shipping profiles: free) plus a vendor with every kind of profile."""
    gamma, owner = make_vendor(name="Gamma")
    category = corpus["categories"]["zubehoer"]

    def profile(name, *zones, threshold=None):
        return shipping_profile_create(
            vendor=gamma,
            actor=owner,
            name=name,
            currency="EUR",
            zones=list(zones),
            free_shipping_threshold=Money(threshold, "EUR") if threshold else None,
        ).id

    standard = profile("Standard", zone(["DE", "AT"], "flat", RateSpec(490)), threshold=5000)  # first: the default
    profiles = {
        "standard": standard,
        "threshold0": profile("Schwelle 0", zone(["DE"], "flat", RateSpec(490)), threshold=1),
        "flat0": profile("Gratis", zone(["DE"], "flat", RateSpec(0))),
        "abroad": profile("Nur Ausland", zone(["AT", "CH"], "flat", RateSpec(900))),
        "weight": profile("Gewicht", zone(["DE"], "weight", RateSpec(300, max_weight_g=1000), RateSpec(900))),
        "per_item": profile("Stück", zone(["DE"], "per_item", RateSpec(250, additional_item_amount=100))),
    }
    # A threshold of 0 ("always free") is refused by the profile service but a row may hold it
    # (older data, a fix in the admin); it must count as free everywhere.
    ShippingProfile.objects.filter(id=profiles["threshold0"]).update(free_shipping_threshold_amount=0)
    listings = {
        # key: price, profile (None: the vendor's default, "Standard"), weight
        "cheap_default": (1999, None, None),  # 19.99 + 4.90
        "over_threshold": (5999, None, None),  # reaches 50.00: free
        "threshold0": (1000, "threshold0", None),
        "flat0": (1500, "flat0", None),
        "abroad": (2500, "abroad", None),  # not shipped to DE: landed = price, not free
        "heavy_unknown": (3000, "weight", None),  # no weight: heaviest bracket (9.00)
        "light": (3000, "weight", 400),  # 3.00
        "per_item": (800, "per_item", None),
    }
    offers = {}
    for key, (price, profile_key, weight) in listings.items():
        offers[key] = make_offer(
            vendor=gamma,
            owner=owner,
            category=category,
            title=f"Versandtest {key}",
            price=price,
            shipping_profile_id=profiles[profile_key] if profile_key else None,
            weight_g=weight,
            attributes={},
        )
    # Two sellers of one product: Gamma with shipping costs (24.90 landed), Alpha (no profile)
    # ships free but asks 25.50.
    alpha, alpha_owner = corpus["vendors"]["alpha"]
    shared = make_offer(
        vendor=gamma, owner=owner, category=category, title="Versandtest geteilt", price=2000, gtin="4006381333931"
    )
    make_offer(vendor=alpha, owner=alpha_owner, category=category, title="", price=2550, gtin="4006381333931")
    offers["shared"] = shared
    outbox_deliver()
    index_refresh()
    return {
        "gamma": gamma,
        "owner": owner,
        "offers": offers,
        "profiles": profiles,
        "products": {**corpus["products"], **{k: o.product_id for k, o in offers.items()}},
    }


def all_product_ids() -> list[int]:
    return list(Product.objects.order_by("id").values_list("id", flat=True))


@pytest.mark.corpus_writes
def test_lean_documents_equal_the_per_product_builder(shipping_catalog):
    ids = all_product_ids() + [999_999]  # and an id that does not exist
    lean = product_documents(ids)
    assert lean == reference_documents(ids)
    assert lean[999_999] is None
    assert sum(doc is not None for doc in lean.values()) == len(shipping_catalog["products"])
    # The JSON text the bulk requests carry is the same document, hash included.
    texts = product_documents(ids, as_json=True)
    assert {pid: json.loads(text) if text else None for pid, text in texts.items()} == lean


@pytest.mark.corpus_writes
def test_lean_documents_equal_after_offers_stop_being_live(shipping_catalog, corpus):
    offers = shipping_catalog["offers"]
    offer_update(
        vendor=shipping_catalog["gamma"], actor=shipping_catalog["owner"], offer_id=offers["shared"].id, is_active=False
    )  # Alpha still sells it
    suspend_vendor(corpus["vendors"]["beta"][0])  # Beta's products are sold by nobody now
    ids = all_product_ids()
    lean = product_documents(ids)
    assert lean == reference_documents(ids)
    assert lean[corpus["products"]["grinder"]] is None
    assert lean[offers["shared"].product_id]["offer_count"] == 1


def test_mixed_attribute_values_and_english_only_texts(corpus):
    alpha, owner = corpus["vendors"]["alpha"]
    offer = make_offer(
        vendor=alpha,
        owner=owner,
        category=corpus["categories"]["kaffee"],
        title="",
        title_en="Milk frother",
        description_en="Foams milk in a minute.",
        attributes={"dishwasher": True, "watts": 550},
    )
    # Lists and empty values are refused by the listing service today, but older rows may hold them.
    Product.objects.filter(id=offer.product_id).update(
        attributes={"colour": ["red", "blue"], "dishwasher": True, "watts": 550, "note": ""}
    )
    lean = product_documents([offer.product_id])[offer.product_id]
    assert lean == reference_documents([offer.product_id])[offer.product_id]
    assert lean["attributes"] == [
        {"code": "colour", "value": "red"},
        {"code": "colour", "value": "blue"},
        {"code": "dishwasher", "value": "true"},
        {"code": "watts", "value": "550"},
    ]
    assert (lean["title"], lean["title_en"], lean["description_en"]) == ("", "Milk frother", "Foams milk in a minute.")


@pytest.mark.corpus_writes
def test_landed_price_and_free_shipping_agree_with_the_cart(shipping_catalog):
    """For every product: free_shipping is true exactly when the cart would charge nothing to ship
    one of its offers home, and min_price is the cheapest price + cart shipping (buyers.shipping)."""
    live = list(Offer.objects.filter(LIVE_OFFER).select_related("vendor").order_by("id"))
    expected_free, expected_price = {}, {}
    for offer in live:
        group = cart_shipping(lines=[(offer, 1)], country="DE", currency=offer.currency)[offer.vendor_id]
        shipped = not group.unavailable
        landed = offer.price_amount + (group.cost.amount if shipped else 0)
        expected_free[offer.product_id] = expected_free.get(offer.product_id, False) or (
            shipped and group.cost.amount == 0
        )
        expected_price[offer.product_id] = min(expected_price.get(offer.product_id, landed), landed)
    indexed = {
        h["_source"]["product_id"]: h["_source"]
        for h in client().search(index=products_alias(), body={"query": {"match_all": {}}, "size": 100})["hits"]["hits"]
    }
    assert {pid: doc["free_shipping"] for pid, doc in indexed.items()} == expected_free
    assert {pid: doc["min_price"] for pid, doc in indexed.items()} == expected_price


@pytest.mark.corpus_writes
def test_free_shipping_facet_and_filter(shipping_catalog, corpus):
    products = shipping_catalog["products"]
    free = {products[k] for k in ("over_threshold", "threshold0", "flat0", "shared")} | set(corpus["products"].values())
    not_free = {products[k] for k in ("cheap_default", "abroad", "heavy_unknown", "light", "per_item")}
    result = product_search(size=100)
    assert {f.value: f.count for f in result.facets["free_shipping"]} == {"true": len(free)}
    assert {h.id for h in product_search(filters=SearchFilters(free_shipping=True), size=100).hits} == free
    assert {h.id for h in product_search(filters=SearchFilters(free_shipping=False), size=100).hits} == not_free
    prices = {h.id: h.min_price for h in result.hits}
    assert prices[products["cheap_default"]] == 1999 + 490
    assert prices[products["abroad"]] == 2500
    assert prices[products["heavy_unknown"]] == 3000 + 900 and prices[products["light"]] == 3000 + 300
    assert prices[products["per_item"]] == 800 + 250
    # Gamma's 20.00 + 4.90 beats Alpha's free 25.50: the cheapest landed offer is the best one,
    # and the product still counts as free shipping (Alpha's offer is).
    shared = client().get(index=products_alias(), id=products["shared"])["_source"]
    assert (shared["min_price"], shared["best_offer_id"], shared["free_shipping"]) == (
        2490,
        shipping_catalog["offers"]["shared"].id,
        True,
    )
