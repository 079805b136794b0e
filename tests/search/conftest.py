"""A fixed German and English corpus for relevance, facet and API tests.

Most tests only read the corpus: they share one per test module (``corpus``), built once in a
transaction that stays open for the module (each test runs in a savepoint of it and is rolled
back, as usual) and indexed under the module's own index prefix. Tests that change the index
(deliver outbox events, change synonyms, delete documents) are marked ``corpus_writes``: they
get the same rows indexed into an index of their own. A test that changes the shared index
without the mark fails, so the shared corpus stays what every test expects.
"""

import pytest

from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from tests.factories import CategoryFactory, make_offer, make_operator, make_vendor
from tests.worlds import indexed_world, module_world
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
    (
        "titan_desc",
        "beta",
        "zubehoer",
        "Brillenetui Hart",
        "",
        "Optika",
        999,
        {"description": "Ein robustes Etui, Gehäuse aus Titan, mit weichem Futter für jede Brille."},
    ),
]


def corpus_build() -> dict:
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
        offers[key] = make_offer(
            vendor=owner_vendor,
            owner=owner,
            category=categories[category],
            title=title,
            title_en=title_en,
            brand=brand,
            price=price,
            **extra,
        )
    outbox_deliver()
    index_refresh()
    return {
        "categories": categories,
        "vendors": vendors,
        "offers": offers,
        "products": {key: offer.product_id for key, offer in offers.items()},
    }


@pytest.fixture(scope="module")
def _module_corpus(django_db_setup, django_db_blocker):
    """The corpus of one test module: built and indexed once, rolled back and deleted after it."""
    with module_world(django_db_blocker, corpus_build, indexed=True) as world:
        yield world


@pytest.fixture
def corpus(request, settings, _module_corpus):
    """The corpus: the module's shared, read-only one, or (``@pytest.mark.corpus_writes``) a
    private one in this test's own index. (The module's transaction is opened first either way:
    a module-scoped fixture is set up before the test's own transaction begins.)"""
    return indexed_world(request, settings, _module_corpus)


def suspend_vendor(vendor: Vendor) -> None:
    """Suspend through the operator's service (status, audit, outbox event in one transaction)."""
    from vendors.services.onboarding import vendor_suspend

    vendor_suspend(actor=make_operator(), vendor_id=vendor.id, reason="Test: repeated late shipments.")
