"""A fixed German and English corpus for relevance, facet and API tests."""
import pytest

from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from tests.factories import CategoryFactory, make_offer, make_operator, make_vendor
from vendors.models import Vendor

CORPUS = [
    # key, vendor, category, title, title_en, brand, price, extra
    ("kids_helmet", "alpha", "helme", "Kinderfahrradhelm Blitz", "Kids bike helmet Blitz", "Uvex", 4999, {}),
    ("ski_helmet", "beta", "helme", "Skihelm Piste", "Ski helmet Piste", "Uvex", 8999, {"condition": "used"}),
    ("lamp", "alpha", "zubehoer", "Fahrradlampe Hell", "Bike light Bright", "Busch", 2999, {}),
    ("grinder", "beta", "kaffee", "Kaffeemühle Aroma", "Coffee grinder Aroma", "Graef", 8900, {"stock": 0}),
    ("espresso", "alpha", "kaffee", "Espressomaschine Barista", "Espresso machine Barista", "DeLonghi", 29900, {}),
    ("shoes", "beta", "sport", "Laufschuhe Sprint", "Running shoes Sprint", "Asics", 11900, {"handling_days": 5}),
    ("backpack", "alpha", "sport", "Wanderrucksack Gipfel 30 Liter", "Hiking backpack Summit", "Deuter", 9900, {}),
    ("phone_case", "beta", "zubehoer", "Smartphone Hülle Schutz", "Phone case Protect", "Spigen", 1499, {}),
    # One word ("Titan") in a different field of each product: boosts decide the order.
    ("titan_title", "alpha", "kaffee", "Titan Thermosflasche", "", "Isolux", 2499, {}),
    ("titan_brand", "beta", "zubehoer", "Taschenlampe Kompakt", "", "Titan", 1999, {}),
    ("titan_attr", "alpha", "sport", "Uhrarmband Sport", "", "Fenix", 3999, {"attributes": {"material": "Titan"}}),
    ("titan_desc", "beta", "zubehoer", "Brillenetui Hart", "", "Optika", 999,
     {"description": "Ein robustes Etui, Gehäuse aus Titan, mit weichem Futter für jede Brille."}),
]


@pytest.fixture
def corpus(search_index):
    sport = CategoryFactory(slug="sport", name_de="Sport", name_en="Sports")
    bikes = CategoryFactory(slug="fahrrad", name_de="Fahrrad", name_en="Cycling", parent=sport)
    categories = {
        "sport": sport,
        "helme": CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets", parent=bikes),
        "zubehoer": CategoryFactory(slug="zubehoer", name_de="Zubehör", name_en="Accessories", parent=bikes),
        "kaffee": CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee"),
    }
    vendors = {}
    for name in ("alpha", "beta"):
        vendors[name] = make_vendor(name=name.title())
    offers = {}
    for key, vendor, category, title, title_en, brand, price, extra in CORPUS:
        owner_vendor, owner = vendors[vendor]
        offers[key] = make_offer(vendor=owner_vendor, owner=owner, category=categories[category], title=title,
                                 title_en=title_en, brand=brand, price=price, **extra)
    outbox_deliver()
    index_refresh()
    return {"categories": categories, "vendors": vendors, "offers": offers,
            "products": {key: offer.product_id for key, offer in offers.items()}}


def suspend_vendor(vendor: Vendor) -> None:
    """Suspend through the operator's service (status, audit, outbox event in one transaction)."""
    from vendors.services.onboarding import vendor_suspend

    vendor_suspend(actor=make_operator(), vendor_id=vendor.id, reason="Test: repeated late shipments.")
