"""One test per class of relevance failure of issue 21 (measured in bench/relevance): product types
over accessories, transliterations, per-word matching, category names, GTIN forms, synonyms after
stemming and for core product types. Each failed on the analysis before the fix."""

import pytest

from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from search.selectors import autocomplete, product_search, product_search_or_correction
from search.services import synonym_create
from tests.factories import CategoryFactory, make_offer, make_vendor
from tests.worlds import indexed_world, module_world

pytestmark = pytest.mark.django_db

# key, category, German title, English title, brand, GTIN
SHOP = [
    ("travel_brush", "mundpflege", "Reisezahnbürste Pro 3 mit Etui", "Travel toothbrush Pro 3 with case", "Oral-B", ""),
    (
        "sonic_brush",
        "mundpflege",
        "Elektrische Zahnbürste Sonicare 3100 mit Ladestation und Reiseetui, weiß",
        "Electric toothbrush Sonicare 3100, white",
        "Philips",
        "",
    ),
    (
        "brush_holder",
        "mundpflege_zubehoer",
        "Zahnbürstenhalter für elektrische Zahnbürsten",
        "Toothbrush holder for electric toothbrushes",
        "Wenko",
        "",
    ),
    (
        "brush_heads",
        "mundpflege_zubehoer",
        "Aufsteckbürsten für Zahnbürste",
        "Replacement heads for toothbrush",
        "Dentalux",
        "",
    ),
    (
        "coffee_machine",
        "kaffeemaschinen",
        "Filterkaffeemaschine Aroma Signature mit Glaskanne, rot",
        "Filter coffee maker Aroma Signature, red",
        "Melitta",
        "",
    ),
    (
        "black_coffee_machine",
        "kaffeemaschinen",
        "Kaffeemaschine Optima, schwarz",
        "Coffee machine Optima, black",
        "Severin",
        "",
    ),
    (
        "descaler",
        "kaffee_zubehoer",
        "Kaffeemaschinen-Entkalker für Kaffeemaschinen",
        "Coffee machine descaler",
        "Durgol",
        "",
    ),
    ("backpack", "wandern", "Wanderrucksack Gipfel 30 Liter", "Hiking backpack Summit 30 litres", "Deuter", ""),
    ("rain_cover", "wandern", "Regenhülle für Rucksack", "Rain cover for backpack", "Deuter", ""),
    ("fridge", "kuehlen", "Kühl-Gefrier-Kombination KGN 36", "Fridge freezer KGN 36", "Bosch", "4006381333931"),
    ("football", "sport", "Hallenfußball Futsal Pro", "", "Derbystar", "036000291452"),  # a UPC-A, stored as typed
    (
        "shin_guards",
        "sport",
        "Schienbeinschoner Kinder",
        "Shin guards kids",
        "Select",
        "0012345678905",
    ),  # UPC-A as EAN-13
    ("phone", "smartphones", "Smartphone Galaxy A55 128 GB", "", "Samsung", ""),  # German-only listing
    ("lunchbox", "kueche", "Lunchbox Edelstahl mit Fächern", "", "Sistema", ""),
    ("bicycle", "fahrraeder", "Damenfahrrad City 28 Zoll", "", "Kalkhoff", ""),  # German-only listing
    ("bike_lock", "fahrrad_zubehoer", "Fahrradschloss Bügel", "Bike lock U-shape", "Abus", ""),
]
CATEGORIES = {
    "mundpflege": ("Mundpflege", "Oral care", None),
    "mundpflege_zubehoer": ("Mundpflege-Zubehör", "Oral care accessories", None),
    "kueche": ("Küche", "Kitchen", None),
    "kaffeemaschinen": ("Kaffeemaschinen", "Coffee machines", "kueche"),
    "kaffee_zubehoer": ("Kaffeezubehör", "Coffee accessories", "kueche"),
    "sport": ("Sport", "Sports", None),
    "wandern": ("Wandern", "Hiking", "sport"),
    "kuehlen": ("Kühl- und Gefriergeräte", "Fridges and freezers", "kueche"),
    "smartphones": ("Smartphones", "Smartphones", None),
    "fahrraeder": ("Fahrräder", "Bicycles", "sport"),
    "fahrrad_zubehoer": ("Fahrradzubehör", "Bicycle accessories", "sport"),
}


def shop_build() -> dict:
    categories = {}
    for key, (name_de, name_en, parent) in CATEGORIES.items():
        categories[key] = CategoryFactory(
            slug=key.replace("_", "-"), name_de=name_de, name_en=name_en, parent=categories[parent] if parent else None
        )
    vendor, owner = make_vendor(name="Relevanz")
    products = {}
    for key, category, title, title_en, brand, gtin in SHOP:
        offer = make_offer(
            vendor=vendor,
            owner=owner,
            category=categories[category],
            title=title,
            title_en=title_en,
            brand=brand,
            gtin=gtin,
            price=1999,
        )
        products[key] = offer.product_id
    outbox_deliver()
    index_refresh()
    return products


@pytest.fixture(scope="module")
def _module_shop(django_db_setup, django_db_blocker):
    """The shop, built and indexed once for the module (tests/worlds.py)."""
    with module_world(django_db_blocker, shop_build, indexed=True) as world:
        yield world


@pytest.fixture
def shop(request, settings, _module_shop):
    return indexed_world(request, settings, _module_shop)


def top(query: str, n: int = 1) -> list[int]:
    return [hit.id for hit in product_search(query=query).hits[:n]]


def test_products_whose_compound_ends_in_the_query_word_come_before_accessories(shop):
    toothbrushes = {shop["travel_brush"], shop["sonic_brush"]}
    # "Zahnbürstenhalter" is a holder, "Reisezahnbürste" a toothbrush: the type is the last part.
    assert set(top("Zahnbürste", 2)) == toothbrushes
    # Both machines before the descaler that names them twice (one only inside "Filterkaffeemaschine").
    assert set(top("Kaffeemaschine", 2)) == {shop["coffee_machine"], shop["black_coffee_machine"]}
    # "X für Y": Y is what the accessory fits, not what it is (same category, no help from the tree).
    assert top("Rucksack") == [shop["backpack"]]
    # English titles have no compounds: the category tree says what is an accessory.
    assert set(top("toothbrush", 2)) == toothbrushes
    # An accessory asked for by its own type still comes first.
    assert top("Zahnbürstenhalter") == [shop["brush_holder"]]
    assert top("Entkalker") == [shop["descaler"]]
    assert top("Regenhülle Rucksack") == [shop["rain_cover"]]


def test_transliterations_are_folded_before_compounds_are_cut(shop):
    # ß/ü written as ss/ue, and the word only inside a compound: both spellings give the same pieces.
    assert top("Fussball") == [shop["football"]]
    assert set(top("Zahnbuerste", 2)) == {shop["travel_brush"], shop["sonic_brush"]}
    assert top("kuehl gefrier kombination") == [shop["fridge"]]


def test_each_query_word_must_be_found_on_its_own(shop):
    # Pooled trigrams let "Kaffeemaschine" stand in for the whole query and drop the colour.
    assert [hit.id for hit in product_search(query="Kaffeemaschine rot").hits] == [shop["coffee_machine"]]
    assert [hit.id for hit in product_search(query="Kaffeemaschine schwarz").hits] == [shop["black_coffee_machine"]]


def test_category_names_are_searchable(shop):
    toothbrushes = {shop["travel_brush"], shop["sonic_brush"]}
    # Neither title says "Mundpflege"; their category does. Its accessories come after them.
    assert set(top("Mundpflege", 2)) == toothbrushes
    assert set(top("oral care", 2)) == toothbrushes
    assert product_search(query="Mundpflege").total == 4
    # A parent category's name finds the products of its sub-categories.
    kitchen = {shop[key] for key in ("lunchbox", "coffee_machine", "black_coffee_machine", "descaler", "fridge")}
    assert {hit.id for hit in product_search(query="Küche").hits} == kitchen


@pytest.mark.parametrize(
    "typed, key",
    [
        ("4006381333931", "fridge"),
        ("4 006381 333931", "fridge"),  # as printed under the bar code
        ("4006381-333931", "fridge"),
        ("0036000291452", "football"),  # the EAN-13 of a product listed with its 12-digit UPC-A
        ("0 36000 29145 2", "football"),
        ("012345678905", "shin_guards"),  # a UPC-A typed for a product listed with its EAN-13
    ],
)
def test_gtins_are_found_in_every_form_they_are_typed(shop, typed, key):
    assert top(typed, 5) == [shop[key]]


def test_core_product_types_have_built_in_synonyms(shop):
    # An English everyday word finds a German-only listing.
    assert top("mobile phone") == [shop["phone"]]
    assert top("Mobiltelefon") == [shop["phone"]]


def test_common_english_product_words_find_german_first_products(shop):
    # "bike" names the German-only "Damenfahrrad" (built-in vocabulary, its category "Fahrräder");
    # the bike lock, whose English title says "bike", is an accessory and comes after it.
    assert top("bike", 2) == [shop["bicycle"], shop["bike_lock"]]
    assert top("bicycle") == [shop["bicycle"]]
    assert top("Handy") == [shop["phone"]]  # the German everyday word, built in too


def suggested(text: str, n: int) -> list[int]:
    return [product.id for product in autocomplete(text=text, size=n).products]


def test_autocomplete_of_a_product_type_prefix_suggests_the_products_first(shop):
    toothbrushes = {shop["travel_brush"], shop["sonic_brush"]}
    # "Zahnb" starts the type of the "Reisezahnbürste" (the last part of its compound), not a word
    # of its title; the holder's word starts with it, but a holder is an accessory.
    assert set(suggested("Zahnb", 2)) == toothbrushes
    assert set(suggested("zahnbürs", 2)) == toothbrushes
    assert set(suggested("Kaffeemasch", 2)) == {shop["coffee_machine"], shop["black_coffee_machine"]}
    # An accessory asked for by its own type is still suggested.
    assert suggested("Zahnbürstenh", 5) == [shop["brush_holder"]]
    # A whole English product word suggests the German-only product it names.
    assert suggested("bike", 1) == [shop["bicycle"]]


def test_did_you_mean_runs_the_corrected_query(shop):
    # "Amora" finds nothing (two edits in five letters); its correction "aroma" finds the machine.
    result = product_search_or_correction(query="Amora")
    assert (result.suggestion, result.corrected_query) == ("aroma", "aroma")
    assert [hit.id for hit in result.hits] == [shop["coffee_machine"]] and result.total == 1
    # A query that finds something is not corrected.
    assert product_search_or_correction(query="Aroma").corrected_query is None


@pytest.mark.corpus_writes
def test_synonyms_apply_after_stemming(shop, operator):
    # An operator's rule in the singular serves the plural too (synonyms act on stems).
    synonym_create(actor=operator, rule="Brotdose, Lunchbox")
    outbox_deliver()
    assert top("Brotdosen") == [shop["lunchbox"]]
