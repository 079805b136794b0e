"""Demo data for local development: categories, vendors, staff, buyers and a few hundred listings
with pictures drawn per category (frontend.demo_images).

``build_plan`` turns ``random.Random(42)`` into a fixed plan (same input, same plan); ``seed``
applies it through the vendor services. Every step looks for what already exists first, so
seeding twice creates nothing the second time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import ean

from marketplace.models import Category, OutboxEvent
from marketplace.money import Money
from vendors.models import Offer, Product, ProductImage, Vendor, VendorMember
from vendors.services import (
    VendorApplication,
    listing_create,
    product_approve,
    vendor_apply,
    vendor_approve,
    vendor_member_add,
    vendor_review_start,
    vendor_stripe_account_updated,
)

DEMO_PASSWORD = "demo-pass-2026"
SEED = 42
CURRENCY = "EUR"
OPERATOR_USERNAME = "operator@demo.local"
BUYERS = (
    ("buyer1@demo.local", "Anna", "Müller"),
    ("buyer2@demo.local", "Lukas", "Gruber"),
)

# --- Category tree: (slug, name_de, name_en, leaves) -------------------------------------
CATEGORY_TREE: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "sport",
        "Sport & Freizeit",
        "Sports & Outdoors",
        (
            ("fahrraeder", "Fahrräder", "Bicycles"),
            ("helme", "Helme", "Helmets"),
            ("rucksaecke", "Rucksäcke", "Backpacks"),
        ),
    ),
    (
        "elektronik",
        "Elektronik",
        "Electronics",
        (
            ("kopfhoerer", "Kopfhörer", "Headphones"),
            ("smartphones", "Smartphones", "Smartphones"),
            ("lautsprecher", "Lautsprecher", "Speakers"),
        ),
    ),
    (
        "haushalt",
        "Haushalt & Küche",
        "Home & Kitchen",
        (
            ("kaffeemaschinen", "Kaffeemaschinen", "Coffee machines"),
            ("kochgeschirr", "Kochgeschirr", "Cookware"),
        ),
    ),
    ("garten", "Garten", "Garden", (("werkzeug", "Gartenwerkzeug", "Garden tools"),)),
    ("spielzeug", "Spielzeug", "Toys", (("baukloetze", "Bauklötze", "Building blocks"),)),
    ("buero", "Büro & Schreibwaren", "Office & Stationery", (("notizbuecher", "Notizbücher", "Notebooks"),)),
    ("mode", "Mode", "Fashion", (("jacken", "Jacken", "Jackets"),)),
)


# --- Per-category vocabularies ------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    # (German noun, English noun, lowest price in cents, highest price in cents)
    nouns: tuple[tuple[str, str, int, int], ...]
    models: tuple[str, ...]
    # (German, English) size/colour/capacity suffix
    variants: tuple[tuple[str, str], ...]
    brands: tuple[str, ...]
    # German sentences for the description
    features: tuple[str, ...]


COLOURS = (
    ("Schwarz", "black"),
    ("Weiß", "white"),
    ("Mitternachtsblau", "midnight blue"),
    ("Silber", "silver"),
    ("Salbeigrün", "sage green"),
)

VOCABULARIES: dict[str, Vocabulary] = {
    "fahrraeder": Vocabulary(
        nouns=(
            ("Trekkingrad", "Trekking bike", 49900, 119900),
            ("Mountainbike", "Mountain bike", 39900, 189900),
            ("Citybike", "City bike", 29900, 89900),
            ("Gravelbike", "Gravel bike", 89900, 249900),
            ("Rennrad", "Road bike", 79900, 299900),
            ("E-Bike", "E-bike", 179900, 399900),
        ),
        models=("Comfort", "Explorer", "Urban", "Trail 500", "Tour 7", "Alpin", "Cross 3"),
        variants=(
            ("28 Zoll, 21 Gänge", "28 inch, 21 gears"),
            ("27,5 Zoll, 9 Gänge", "27.5 inch, 9 gears"),
            ("29 Zoll, 12 Gänge", "29 inch, 12 gears"),
            ("Rahmenhöhe 50 cm", "50 cm frame"),
            ("Rahmenhöhe 55 cm", "55 cm frame"),
        ),
        brands=("Alpenrad", "Veloria", "Radwerk", "Stadtflitzer", "Bergfex Bikes"),
        features=(
            "Leichter Aluminiumrahmen für entspanntes Fahren auf langen Strecken.",
            "Hydraulische Scheibenbremsen sorgen bei jedem Wetter für sicheres Bremsen.",
            "StVZO-konforme LED-Beleuchtung mit Nabendynamo.",
            "Federgabel mit 100 mm Federweg schluckt Schlaglöcher und Wurzeln.",
            "Präzise Kettenschaltung mit ergonomischen Drehgriffen.",
            "Pannensichere Reifen mit Reflexstreifen.",
        ),
    ),
    "helme": Vocabulary(
        nouns=(
            ("Fahrradhelm", "Bike helmet", 3999, 12999),
            ("Kinderfahrradhelm", "Kids' bike helmet", 2499, 5999),
            ("Skihelm", "Ski helmet", 5999, 19999),
            ("MTB-Helm", "MTB helmet", 4999, 15999),
            ("Kletterhelm", "Climbing helmet", 4999, 9999),
        ),
        models=("Sport", "Aero", "Junior", "Pro", "Summit", "Urban Light"),
        variants=(
            ("52-56 cm", "52-56 cm"),
            ("54-58 cm", "54-58 cm"),
            ("56-61 cm", "56-61 cm"),
            ("Gr. S, Mattschwarz", "size S, matt black"),
            ("Gr. M, Weiß", "size M, white"),
            ("Gr. L, Neongelb", "size L, neon yellow"),
        ),
        brands=("Kopfsache", "Helmwerk", "SafeRide", "Gipfelschutz"),
        features=(
            "In-Mold-Konstruktion für hohen Schutz bei geringem Gewicht.",
            "Stufenlos einstellbares Drehrad-Verschlusssystem.",
            "Zwölf Belüftungsöffnungen halten den Kopf auch bergauf kühl.",
            "Integriertes LED-Rücklicht für bessere Sichtbarkeit.",
            "Geprüft nach EN 1078.",
            "Herausnehmbare und waschbare Innenpolster.",
        ),
    ),
    "rucksaecke": Vocabulary(
        nouns=(
            ("Wanderrucksack", "Hiking backpack", 3999, 17999),
            ("Laptop-Rucksack", "Laptop backpack", 2999, 12999),
            ("Tagesrucksack", "Daypack", 1999, 7999),
            ("Kinderrucksack", "Kids' backpack", 1499, 4999),
        ),
        models=("Trail", "City", "Summit", "Commuter", "Mini", "Alpin"),
        variants=(
            ("20 l", "20 l"),
            ("30 l", "30 l"),
            ("45 l", "45 l"),
            ("Schwarz", "black"),
            ("Olivgrün", "olive green"),
        ),
        brands=("Bergluft", "Packesel", "Wetterfest", "Lindner"),
        features=(
            "Rückenbelüftung mit Netzrücken gegen Schwitzen.",
            "Gepolstertes Laptopfach bis 15,6 Zoll.",
            "Wasserabweisendes Material aus recyceltem Polyester.",
            "Integrierte Regenhülle im Bodenfach.",
            "Höhenverstellbares Tragesystem mit Hüftgurt.",
        ),
    ),
    "kopfhoerer": Vocabulary(
        nouns=(
            ("Bluetooth-Kopfhörer", "Bluetooth headphones", 2999, 19999),
            ("In-Ear-Kopfhörer", "In-ear headphones", 1499, 14999),
            ("Over-Ear-Kopfhörer mit ANC", "Over-ear headphones with ANC", 7999, 34999),
            ("Sportkopfhörer", "Sports earphones", 1999, 8999),
            ("Studiokopfhörer", "Studio headphones", 5999, 29999),
        ),
        models=("Q30", "Silence 700", "Beat Mini", "Studio One", "Air 2", "Flow"),
        variants=COLOURS,
        brands=("Klangwerk", "Tonhaus", "SoundPeak", "Hörgenuss", "Audiolux"),
        features=(
            "Aktive Geräuschunterdrückung blendet Umgebungslärm zuverlässig aus.",
            "Bis zu 30 Stunden Akkulaufzeit, Schnellladen über USB-C.",
            "Bluetooth 5.3 mit Multipoint-Verbindung zu zwei Geräten.",
            "Weiche Ohrpolster aus Memory-Schaum für langen Tragekomfort.",
            "Integriertes Mikrofon für klare Telefonate.",
            "Schweiß- und spritzwassergeschützt nach IPX4.",
        ),
    ),
    "smartphones": Vocabulary(
        nouns=(
            ("Smartphone", "Smartphone", 14999, 129999),
            ("Outdoor-Smartphone", "Rugged smartphone", 19999, 59999),
            ("Seniorenhandy", "Senior phone", 4999, 14999),
        ),
        models=("Nova 12", "Nova 12 Pro", "Pixelstar 8", "Terra X5", "Lumo A54", "Lumo A34", "Vento 7"),
        variants=(
            ("128 GB, Schwarz", "128 GB, black"),
            ("256 GB, Graphit", "256 GB, graphite"),
            ("128 GB, Mintgrün", "128 GB, mint green"),
            ("512 GB, Titan", "512 GB, titanium"),
            ("64 GB, Blau", "64 GB, blue"),
        ),
        brands=("Nordtel", "Voltaro", "Lumo", "Terracom"),
        features=(
            "6,4-Zoll-OLED-Display mit 120 Hz für flüssiges Scrollen.",
            "Triple-Kamera mit 50-Megapixel-Hauptsensor und Nachtmodus.",
            "Großer 5000-mAh-Akku für bis zu zwei Tage Laufzeit.",
            "5G-fähig mit Dual-SIM und eSIM.",
            "Staub- und wassergeschützt nach IP68.",
            "Fünf Jahre Sicherheitsupdates.",
        ),
    ),
    "lautsprecher": Vocabulary(
        nouns=(
            ("Bluetooth-Lautsprecher", "Bluetooth speaker", 2999, 24999),
            ("Smart Speaker", "Smart speaker", 4999, 19999),
            ("Regallautsprecher (Paar)", "Bookshelf speakers (pair)", 9999, 59999),
            ("Soundbar", "Soundbar", 12999, 79999),
        ),
        models=("Boom 3", "Cube", "Resonanz 200", "Party XL", "Mini Go"),
        variants=COLOURS,
        brands=("Klangwerk", "Tonhaus", "Audiolux", "Basswerk"),
        features=(
            "Kräftiger Bass dank passiver Membran.",
            "Wasserdicht nach IP67, ideal für Garten und Strand.",
            "Stereo-Kopplung mit einem zweiten Lautsprecher.",
            "WLAN und Bluetooth, steuerbar per App.",
            "HDMI-eARC-Anschluss für den Fernseher.",
        ),
    ),
    "kaffeemaschinen": Vocabulary(
        nouns=(
            ("Kaffeevollautomat", "Bean-to-cup coffee machine", 34999, 149999),
            ("Siebträgermaschine", "Espresso machine", 19999, 99999),
            ("Filterkaffeemaschine", "Drip coffee maker", 2999, 12999),
            ("Kapselmaschine", "Capsule machine", 6999, 19999),
        ),
        models=("Barista 600", "Crema Plus", "Morgenstund", "Aroma Pro", "Espressivo"),
        variants=(
            ("Edelstahl", "stainless steel"),
            ("Schwarz", "black"),
            ("Weiß", "white"),
            ("mit Milchaufschäumer", "with milk frother"),
            ("1,5 l, Edelstahl", "1.5 l, stainless steel"),
        ),
        brands=("Kaffeewerk", "Bohnenglück", "Cremona", "Aromahaus"),
        features=(
            "Kegelmahlwerk aus Edelstahl mit 13 Mahlgradstufen.",
            "15 bar Pumpendruck für eine dichte Crema.",
            "Automatische Entkalkungs- und Reinigungsprogramme.",
            "Warmhalteplatte mit Abschaltautomatik nach 40 Minuten.",
            "Abnehmbarer Wassertank für einfaches Befüllen.",
            "Dampfdüse zum Aufschäumen von Milch.",
        ),
    ),
    "kochgeschirr": Vocabulary(
        nouns=(
            ("Bratpfanne", "Frying pan", 1999, 8999),
            ("Kochtopf-Set 5-teilig", "Cookware set, 5 pieces", 5999, 29999),
            ("Wok", "Wok", 2999, 9999),
            ("Schmortopf aus Gusseisen", "Cast-iron casserole", 5999, 24999),
            ("Schnellkochtopf", "Pressure cooker", 4999, 14999),
        ),
        models=("Classic", "Profi", "Gourmet", "Induktion Plus", "Alltag"),
        variants=(
            ("Ø 24 cm", "Ø 24 cm"),
            ("Ø 28 cm", "Ø 28 cm"),
            ("induktionsgeeignet", "induction-ready"),
            ("Edelstahl", "stainless steel"),
            ("antihaftbeschichtet", "non-stick"),
        ),
        brands=("Topfglück", "Pfannenmeister", "Herdwerk", "Kochkunst"),
        features=(
            "Für alle Herdarten geeignet, auch Induktion.",
            "PFAS-freie Antihaftbeschichtung.",
            "Backofenfest bis 250 °C.",
            "Spülmaschinengeeignet.",
            "Sandwichboden für gleichmäßige Wärmeverteilung.",
        ),
    ),
    "werkzeug": Vocabulary(
        nouns=(
            ("Gartenschere", "Pruning shears", 1499, 5999),
            ("Astschere", "Lopper", 2499, 8999),
            ("Spaten", "Spade", 1999, 6999),
            ("Rasenrechen", "Lawn rake", 999, 3999),
            ("Heckenschere", "Hedge trimmer", 2999, 19999),
            ("Akku-Rasenmäher", "Cordless lawn mower", 19999, 59999),
        ),
        models=("Ergo", "Pro Cut", "Classic", "Power 36V", "Leicht"),
        variants=(
            ("mit Holzstiel", "with wooden handle"),
            ("mit Teleskopstiel", "with telescopic handle"),
            ("Edelstahl", "stainless steel"),
            ("Komfortgriff", "comfort grip"),
            ("inkl. Akku", "battery included"),
        ),
        brands=("Grünwerk", "Wurzelwerk", "Spatenstich", "Gartenhof"),
        features=(
            "Gehärtete Klingen aus Kohlenstoffstahl bleiben lange scharf.",
            "Ergonomischer Griff schont die Hände bei langer Arbeit.",
            "Stiel aus heimischem Eschenholz.",
            "Leiser bürstenloser Motor.",
            "Zehn Jahre Herstellergarantie.",
        ),
    ),
    "baukloetze": Vocabulary(
        nouns=(
            ("Holzbausteine", "Wooden building blocks", 1499, 5999),
            ("Bauklötze-Set", "Building block set", 1999, 6999),
            ("Magnetbausteine", "Magnetic tiles", 2499, 8999),
            ("Murmelbahn", "Marble run", 2999, 11999),
            ("Steckbausteine", "Stacking bricks", 999, 4999),
        ),
        models=("Natur", "Bunt", "Kita", "Baumeister", "Regenbogen"),
        variants=(
            ("50 Teile", "50 pieces"),
            ("100 Teile", "100 pieces"),
            ("120 Teile", "120 pieces"),
            ("ab 3 Jahren", "ages 3+"),
            ("mit Aufbewahrungsbox", "with storage box"),
        ),
        brands=("Holzwurm", "Klötzchen & Co.", "Spielwerk", "Kinderwald"),
        features=(
            "Aus FSC-zertifiziertem Buchenholz.",
            "Mit speichelfesten Farben auf Wasserbasis lackiert.",
            "Fördert Feinmotorik und räumliches Denken.",
            "Geprüft nach EN 71.",
            "Kompatibel mit allen gängigen Holzbausteinen.",
        ),
    ),
    "notizbuecher": Vocabulary(
        nouns=(
            ("Notizbuch", "Notebook", 499, 2999),
            ("Bullet Journal", "Bullet journal", 999, 2999),
            ("Skizzenbuch", "Sketchbook", 799, 3499),
            ("Collegeblock", "Spiral notepad", 299, 999),
            ("Tagebuch mit Schloss", "Diary with lock", 999, 2499),
        ),
        models=("Classic", "Dotted", "Kraft", "Leinen", "Premium"),
        variants=(
            ("A5, liniert", "A5, ruled"),
            ("A5, gepunktet", "A5, dotted"),
            ("A4, kariert", "A4, squared"),
            ("A6, blanko", "A6, plain"),
            ("A5, Hardcover", "A5, hardcover"),
        ),
        brands=("Blattwerk", "Feder & Faden", "Notizfabrik", "Papierhaus"),
        features=(
            "192 Seiten aus 100 g/m² starkem, säurefreiem Papier.",
            "Fadenheftung – das Buch liegt aufgeschlagen flach.",
            "Lesezeichenband und Gummibandverschluss.",
            "Innentasche für lose Notizen.",
            "Tintenfest, kein Durchscheinen von Füllertinte.",
        ),
    ),
    "jacken": Vocabulary(
        nouns=(
            ("Regenjacke", "Rain jacket", 4999, 19999),
            ("Softshelljacke", "Softshell jacket", 5999, 17999),
            ("Daunenjacke", "Down jacket", 9999, 34999),
            ("Fleecejacke", "Fleece jacket", 2999, 8999),
            ("Winterjacke", "Winter jacket", 7999, 29999),
        ),
        models=("Alpin", "Urban", "Trek", "Storm", "Basic"),
        variants=(
            ("Herren, Gr. M", "men's, size M"),
            ("Herren, Gr. L", "men's, size L"),
            ("Damen, Gr. S", "women's, size S"),
            ("Damen, Gr. M", "women's, size M"),
            ("Unisex, Gr. XL", "unisex, size XL"),
        ),
        brands=("Bergluft", "Wetterfest", "Nordkap Outdoor", "Lindner"),
        features=(
            "Wasserdicht mit 10.000 mm Wassersäule und verschweißten Nähten.",
            "Atmungsaktive Membran für Touren bei wechselndem Wetter.",
            "Verstaubare Kapuze im Kragen.",
            "Wärmende Füllung aus recycelten Fasern.",
            "Zwei Seitentaschen mit Reißverschluss.",
        ),
    ),
}

CLOSINGS = (
    "Zwei Jahre Gewährleistung.",
    "Versand in recyclebarer Verpackung.",
    "Ideal auch als Geschenk.",
    "Lieferumfang wie abgebildet.",
)


# --- Vendors ------------------------------------------------------------------------------
@dataclass(frozen=True)
class VendorSpec:
    name: str
    legal_name: str
    country: str
    owner: tuple[str, str]  # first, last name
    categories: tuple[str, ...]  # leaf slugs it mainly sells in; empty = everything
    approve: bool = True

    @property
    def slug(self) -> str:
        # What vendors.services.vendor_apply derives from the name.
        return slugify(self.name)[:100]


VENDORS: tuple[VendorSpec, ...] = (
    VendorSpec(
        "Elektro Hansen",
        "Hansen Elektrohandel GmbH",
        "DE",
        ("Jan", "Hansen"),
        ("kopfhoerer", "smartphones", "lautsprecher"),
    ),
    VendorSpec(
        "Alpenrad Sport", "Alpenrad Sport GmbH", "AT", ("Markus", "Hofer"), ("fahrraeder", "helme", "rucksaecke")
    ),
    VendorSpec(
        "Küchenwelt Brandt",
        "Brandt Küchenwelt GmbH & Co. KG",
        "DE",
        ("Sabine", "Brandt"),
        ("kaffeemaschinen", "kochgeschirr"),
    ),
    VendorSpec("Gartenhof Meier", "Gartenhof Meier AG", "CH", ("Reto", "Meier"), ("werkzeug",)),
    VendorSpec("Holzwurm Spielwaren", "Holzwurm Spielwaren GmbH", "AT", ("Eva", "Pichler"), ("baukloetze",)),
    VendorSpec("Papierhaus Zürcher", "Papierhaus Zürcher AG", "CH", ("Claudia", "Zürcher"), ("notizbuecher",)),
    VendorSpec("Modehaus Lindner", "Lindner Mode GmbH", "DE", ("Thomas", "Lindner"), ("jacken", "rucksaecke", "helme")),
    VendorSpec("Kaufhaus Nordstern", "Nordstern Handelsgesellschaft mbH", "DE", ("Katrin", "Vogel"), ()),
    # Left in status "applied" so the operator console has an application to review.
    VendorSpec(
        "Technikstube Graz", "Technikstube Graz GmbH", "AT", ("Stefan", "Wallner"), ("kopfhoerer",), approve=False
    ),
)
TEAM_ROLES = (  # extra staff of the first vendor: (role, first, last)
    (VendorMember.Role.MANAGER, "Miriam", "Schulz"),
    (VendorMember.Role.FULFILMENT, "Deniz", "Yilmaz"),
    (VendorMember.Role.FINANCE, "Paul", "Becker"),
)


def owner_username(spec: VendorSpec) -> str:
    return f"owner@{spec.slug}.demo.local"


def member_username(spec: VendorSpec, role: str) -> str:
    return f"{role}@{spec.slug}.demo.local"


# --- The plan -----------------------------------------------------------------------------
@dataclass(frozen=True)
class OfferPlan:
    vendor_slug: str
    price_cents: int
    stock: int
    condition: str
    handling_days: int


@dataclass
class ProductPlan:
    category_slug: str
    title: str
    title_en: str
    description: str
    brand: str
    gtin: str
    offers: list[OfferPlan] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)


# An attribute of some categories' schemas (a filter on the category page): code, German, English
# (not on the headphones: the test world (tests/security/world.py) adds its own "farbe" there).
# The colour of a product in these categories is its variant word.
COLOUR_ATTRIBUTE = ("farbe", "Farbe", "Colour")
COLOUR_CATEGORIES = ("lautsprecher",)


# GS1 prefixes of Germany (400-440), Switzerland (760-769) and Austria (900-919).
GS1_PREFIXES = tuple(f"{p}" for p in (*range(400, 441), *range(760, 770), *range(900, 920)))


def leaf_slugs() -> list[str]:
    return [slug for _, _, _, leaves in CATEGORY_TREE for slug, _, _ in leaves]


def make_gtin(rng: random.Random, taken: set[str]) -> str:
    while True:
        body = rng.choice(GS1_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(9))
        gtin = body + ean.calc_check_digit(body)
        if gtin not in taken:
            taken.add(gtin)
            return gtin


def make_price(rng: random.Random, low: int, high: int) -> int:
    """A shelf price between low and high cents ending in ,99 / ,95 / ,90 / ,49."""
    euros = rng.randint(max(low // 100, 2), max(high // 100, 2))
    return euros * 100 - rng.choice((1, 1, 1, 5, 10, 51))


def make_stock(rng: random.Random) -> int:
    return 0 if rng.random() < 0.06 else rng.randint(1, 200)


def make_handling_days(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0]


def vendors_for(category_slug: str) -> tuple[list[str], list[str]]:
    """(specialists, everyone else) among the approved vendors, by slug."""
    approved = [v for v in VENDORS if v.approve]
    specialists = [v.slug for v in approved if category_slug in v.categories or not v.categories]
    others = [v.slug for v in approved if v.slug not in specialists]
    return specialists, others


def build_plan(n_products: int, rng: random.Random | None = None) -> list[ProductPlan]:
    rng = rng or random.Random(SEED)
    leaves = leaf_slugs()
    generalists = {v.slug for v in VENDORS if v.approve and not v.categories}
    titles: set[str] = set()
    gtins: set[str] = set()
    plan: list[ProductPlan] = []
    for index in range(n_products):
        category = leaves[index % len(leaves)]
        vocab = VOCABULARIES[category]
        for _ in range(30):  # look for an unused title; accept a repeat if the vocabulary runs dry
            noun_de, noun_en, low, high = rng.choice(vocab.nouns)
            model = rng.choice(vocab.models)
            variant_de, variant_en = rng.choice(vocab.variants)
            title = f"{noun_de} {model} {variant_de}"
            if title not in titles:
                break
        titles.add(title)
        brand = rng.choice(vocab.brands)
        features = rng.sample(vocab.features, k=min(3, len(vocab.features)))
        description = " ".join([f"{title} von {brand}.", *features, rng.choice(CLOSINGS)])
        product = ProductPlan(
            category_slug=category,
            title=title,
            title_en=f"{noun_en} {model} {variant_en}",
            description=description,
            brand=brand,
            gtin=make_gtin(rng, gtins),
        )
        if category in COLOUR_CATEGORIES:
            product.attributes = {COLOUR_ATTRIBUTE[0]: variant_de}
        price = make_price(rng, low, high)
        specialists, others = vendors_for(category)
        weights = [1 if slug in generalists else 4 for slug in specialists]
        first = rng.choices(specialists, weights=weights)[0]
        product.offers.append(OfferPlan(first, price, make_stock(rng), Offer.Condition.NEW, make_handling_days(rng)))
        # About 15 % get a second offer from another vendor, a third of those also a third one.
        if rng.random() < 0.15:
            extra = 2 if rng.random() < 0.33 else 1
            candidates = [s for s in specialists if s != first]
            rng.shuffle(candidates)
            rest = list(others)
            rng.shuffle(rest)
            for vendor_slug in (candidates + rest)[:extra]:
                condition = rng.choices(
                    (Offer.Condition.NEW, Offer.Condition.REFURBISHED, Offer.Condition.USED), weights=(55, 25, 20)
                )[0]
                factor = {
                    Offer.Condition.NEW: rng.uniform(0.9, 1.1),
                    Offer.Condition.REFURBISHED: rng.uniform(0.7, 0.85),
                    Offer.Condition.USED: rng.uniform(0.45, 0.7),
                }[condition]
                other_price = max(99, int(price * factor) // 10 * 10 - 1)
                if other_price == price:
                    other_price -= 100 if price > 199 else -100
                product.offers.append(
                    OfferPlan(vendor_slug, other_price, make_stock(rng), condition, make_handling_days(rng))
                )
        plan.append(product)
    return plan


# --- Applying the plan --------------------------------------------------------------------
@dataclass
class DemoUser:
    username: str
    role: str


@dataclass
class SeedResult:
    users: list[DemoUser] = field(default_factory=list)
    created: dict[str, int] = field(
        default_factory=lambda: {
            "categories": 0,
            "users": 0,
            "vendors": 0,
            "offers": 0,
            "images": 0,
            "variants": 0,
            "add-ons": 0,
        }
    )
    outbox_marked: int = 0

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


class _Users:
    """get_or_create for demo users; the password is hashed once and shared (demo only)."""

    def __init__(self, result: SeedResult) -> None:
        self.result = result
        self._hash: str | None = None

    def get(self, username: str, role: str, first: str = "", last: str = "", **extra):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            if self._hash is None:
                self._hash = make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username, email=username, first_name=first, last_name=last, password=self._hash, **extra
            )
            self.result.created["users"] += 1
        self.result.users.append(DemoUser(username, role))
        return user


def seed_attributes(operator, categories: dict[str, Category]) -> None:
    """The colour attribute of the categories whose products come in colours (once)."""
    from marketplace.models import AttributeDefinition
    from vendors.services.attributes import attribute_definition_create

    code, name_de, name_en = COLOUR_ATTRIBUTE
    for slug in COLOUR_CATEGORIES:
        category = categories[slug]
        if not AttributeDefinition.objects.filter(category=category, code=code).exists():
            attribute_definition_create(
                actor=operator, category_id=category.id, code=code, name_de=name_de, name_en=name_en, kind="text"
            )


def seed_categories(result: SeedResult) -> dict[str, Category]:
    by_slug: dict[str, Category] = {}
    for root_slug, root_de, root_en, leaves in CATEGORY_TREE:
        root, created = Category.objects.get_or_create(
            slug=root_slug, defaults={"name_de": root_de, "name_en": root_en}
        )
        result.created["categories"] += created
        by_slug[root_slug] = root
        for slug, name_de, name_en in leaves:
            leaf, created = Category.objects.get_or_create(
                slug=slug, defaults={"parent": root, "name_de": name_de, "name_en": name_en}
            )
            result.created["categories"] += created
            by_slug[slug] = leaf
    return by_slug


# Valid (check-digit correct) example identifiers per country for the demo applications.
DEMO_IDS = {
    "DE": ("DE136695976", "DE89370400440532013000", "10115", "Berlin"),
    "AT": ("ATU13585627", "AT611904300234573201", "1010", "Wien"),
    "CH": ("CHE-116.356.992 MWST", "CH9300762011623852957", "8001", "Zürich"),
}


def demo_application(spec: VendorSpec) -> VendorApplication:
    vat_id, iban, postal_code, city = DEMO_IDS[spec.country]
    slugs = spec.categories or ()
    category_ids = list(Category.objects.filter(slug__in=slugs).values_list("id", flat=True)) if slugs else []
    if not category_ids:
        category_ids = list(Category.objects.filter(parent__isnull=True).values_list("id", flat=True)[:3])
    return VendorApplication(
        name=spec.name,
        legal_name=spec.legal_name,
        legal_form=Vendor.LegalForm.AG if spec.legal_name.endswith("AG") else Vendor.LegalForm.GMBH,
        street="Musterstraße 1",
        postal_code=postal_code,
        city=city,
        country=spec.country,
        email=f"shop@{spec.slug}.demo.local",
        contact_name=" ".join(spec.owner),
        vat_id=vat_id,
        iban=iban,
        intended_category_ids=category_ids,
        return_policy="Rückgabe innerhalb von 30 Tagen, kostenloser Rückversand.",
    )


def demo_payouts_enable(vendor: Vendor) -> Vendor:
    """The demo runs without Stripe: give the vendor a placeholder connected account and enable
    its payouts as Stripe's account.updated webhook would, so its offers can be live."""
    if not vendor.stripe_account_id:
        Vendor.objects.filter(id=vendor.id, stripe_account_id="").update(stripe_account_id=f"acct_demo_{vendor.id}")
        vendor.refresh_from_db()
    vendor_stripe_account_updated(
        stripe_account_id=vendor.stripe_account_id,
        charges_enabled=True,
        payouts_enabled=True,
        event_created=int(timezone.now().timestamp()),
    )
    vendor.refresh_from_db()
    return vendor


# Trader data the DSA check (vendors/services/trader_checks.py) wants, per demo country: a
# telephone number and a register number of the country's format.
DEMO_TRADER = {
    "DE": ("+49 30 1234567", "Amtsgericht Berlin-Charlottenburg", "HRB 123456 B"),
    "AT": ("+43 1 2345678", "Handelsgericht Wien", "FN 123456a"),
    "CH": ("+41 44 1234567", "Handelsregisteramt Zürich", "CHE-116.356.992"),
}
DEMO_IDENTITY_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def demo_trader_complete(vendor: Vendor, owner) -> Vendor:
    """Complete the trader data (telephone, register entry, identity document, self-certification)
    through the services, so the demo vendor's offers pass the trader check and go live."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vendors.services import vendor_document_upload
    from vendors.services.trader import (
        TraderData,
        vendor_trader_certify,
        vendor_trader_update,
    )

    phone, court, number = DEMO_TRADER.get(vendor.country, DEMO_TRADER["DE"])
    vendor_trader_update(
        vendor=vendor, actor=owner, data=TraderData(contact_phone=phone, register_court=court, register_number=number)
    )
    if not vendor.documents.filter(kind="identity").exists():
        vendor_document_upload(
            vendor=vendor, actor=owner, kind="identity", upload=SimpleUploadedFile("ausweis.pdf", DEMO_IDENTITY_PDF)
        )
    vendor_trader_certify(vendor=vendor, actor=owner)
    vendor.refresh_from_db()
    return vendor


def seed_vendors(result: SeedResult, users: _Users, operator) -> dict[str, tuple[Vendor, object]]:
    """Apply (and approve) every demo vendor; returns slug -> (vendor, owner)."""
    vendors: dict[str, tuple[Vendor, object]] = {}
    for index, spec in enumerate(VENDORS):
        role = "vendor owner" if spec.approve else "vendor owner (application pending review)"
        owner = users.get(owner_username(spec), f"{role}: {spec.name}", *spec.owner)
        vendor = Vendor.objects.filter(slug=spec.slug).first()
        if vendor is None:
            vendor = vendor_apply(user=owner, application=demo_application(spec))
            result.created["vendors"] += 1
        if spec.approve and vendor.status == Vendor.Status.APPLIED:
            vendor_review_start(actor=operator, vendor_id=vendor.id)  # decisions follow a started review
            vendor = vendor_approve(actor=operator, vendor_id=vendor.id)
        if spec.approve and not vendor.payouts_enabled:
            vendor = demo_payouts_enable(vendor)
        if spec.approve and not vendor.trader_ok:
            vendor = demo_trader_complete(vendor, owner)
        if index == 0:
            for member_role, first, last in TEAM_ROLES:
                member = users.get(
                    member_username(spec, member_role), f"vendor {member_role}: {spec.name}", first, last
                )
                if not VendorMember.objects.filter(vendor=vendor, user=member).exists():
                    vendor_member_add(vendor=vendor, user=member, role=member_role)
        vendors[spec.slug] = (vendor, owner)
    return vendors


def seed_listings(result: SeedResult, plan: list[ProductPlan], categories, vendors) -> None:
    existing = set(Offer.objects.exclude(product__gtin="").values_list("vendor_id", "product__gtin", "condition"))
    for product in plan:
        for offer in product.offers:
            vendor, owner = vendors[offer.vendor_slug]
            if (vendor.id, product.gtin, offer.condition) in existing:
                continue
            listing = listing_create(
                vendor=vendor,
                actor=owner,
                category_id=categories[product.category_slug].id,
                title=product.title,
                title_en=product.title_en,
                description=product.description,
                brand=product.brand,
                gtin=product.gtin,
                attributes=product.attributes or None,
                price=Money(offer.price_cents, CURRENCY),
                stock=offer.stock,
                condition=offer.condition,
                handling_days=offer.handling_days,
            )
            # The demo catalog is curated: what a demo vendor proposes is approved at once.
            if listing.product.status == Product.Status.PENDING:
                product_approve(actor=None, product_id=listing.product_id)
            existing.add((vendor.id, product.gtin, offer.condition))
            result.created["offers"] += 1


def seed_images(result: SeedResult, plan: list[ProductPlan], vendors) -> None:
    """Pictures drawn per category (frontend.demo_images) for every demo product without any,
    uploaded by the vendor that proposed the product through the sellers' image service."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from frontend.demo_images import demo_pictures
    from vendors.services.images import product_image_add

    owners = {vendor.id: (vendor, owner) for vendor, owner in vendors.values()}
    products = Product.objects.filter(gtin__in=[p.gtin for p in plan]).exclude(
        id__in=ProductImage.objects.values("product_id")
    )
    by_gtin = {product.gtin: product for product in products}
    for item in plan:
        product = by_gtin.get(item.gtin)
        if product is None or product.created_by_id not in owners:
            continue
        vendor, owner = owners[product.created_by_id]
        for number, picture in enumerate(demo_pictures(item.category_slug, item.title), start=1):
            upload = SimpleUploadedFile(f"{slugify(item.title)}-{number}.png", picture, content_type="image/png")
            product_image_add(vendor=vendor, actor=owner, product_id=product.id, upload=upload)
            result.created["images"] += 1


# One demo product in sizes and one with a warranty, so `make run` shows the variant selector and
# the add-ons on the product page, in the cart and on the order.
VARIANT_CATEGORY, VARIANT_SIZES = "helme", ("S", "M", "L")
ADDON_CATEGORY, ADDON_TITLE, ADDON_PRICE = "kopfhoerer", "Garantieverlängerung auf 3 Jahre", 1499


def seed_variants_and_addons(result: SeedResult, plan: list[ProductPlan], vendors) -> None:
    from buyers.addons.models import ServiceOffer
    from buyers.addons.service_offers import service_offer_create
    from vendors.services.variants import variant_create

    owners = {vendor.id: (vendor, owner) for vendor, owner in vendors.values()}
    first = {}
    for item in plan:
        first.setdefault(item.category_slug, item.gtin)
    products = {p.gtin: p for p in Product.objects.filter(gtin__in=first.values())}
    sized = products.get(first.get(VARIANT_CATEGORY, ""))
    if sized is not None and sized.created_by_id in owners and not sized.variants.exists():
        vendor, owner = owners[sized.created_by_id]
        base = Offer.objects.filter(product=sized, vendor=vendor).first()
        for number, size in enumerate(VARIANT_SIZES):
            variant = variant_create(vendor=vendor, actor=owner, product_id=sized.id, options={"size": size})
            listing_create(
                vendor=vendor,
                actor=owner,
                product_id=sized.id,
                variant_id=variant.id,
                price=Money((base.price_amount if base else 4999) + 500 * number, CURRENCY),
                stock=0 if size == "S" else 8,  # one size sold out: the selector marks it
                handling_days=base.handling_days if base else 2,
            )
            result.created["variants"] += 1
    covered = products.get(first.get(ADDON_CATEGORY, ""))
    if covered is not None and covered.created_by_id in owners:
        vendor, _owner = owners[covered.created_by_id]
        if not ServiceOffer.objects.filter(provider=vendor, product=covered).exists():
            service_offer_create(
                provider=vendor,
                product_id=covered.id,
                kind=ServiceOffer.Kind.WARRANTY,
                title=ADDON_TITLE,
                price=Money(ADDON_PRICE, CURRENCY),
            )
            result.created["add-ons"] += 1


def seed(*, n_products: int = 320, skip_outbox: bool = False) -> SeedResult:
    """Load the demo data in one transaction; what already exists is left as it is."""
    plan = build_plan(n_products, random.Random(SEED))
    result = SeedResult()
    with transaction.atomic():
        users = _Users(result)
        operator = users.get(
            OPERATOR_USERNAME, "operator (staff, superuser)", "Petra", "Schubert", is_staff=True, is_superuser=True
        )
        categories = seed_categories(result)
        seed_attributes(operator, categories)
        vendors = seed_vendors(result, users, operator)
        for username, first, last in BUYERS:
            users.get(username, "buyer", first, last)
        seed_listings(result, plan, categories, vendors)
        seed_images(result, plan, vendors)
        seed_variants_and_addons(result, plan, vendors)
        if skip_outbox:
            result.outbox_marked = OutboxEvent.objects.filter(delivered_at__isnull=True).update(
                delivered_at=timezone.now()
            )
    return result


def counts() -> dict[str, int]:
    return {
        "vendors": Vendor.objects.count(),
        "vendors approved": Vendor.objects.filter(status=Vendor.Status.APPROVED).count(),
        "products": Product.objects.count(),
        "offers": Offer.objects.count(),
        "categories": Category.objects.count(),
        "product images": ProductImage.objects.count(),
    }


def demo_users_text(users: list[DemoUser], base_url: str = "http://127.0.0.1:8000") -> str:
    width = max(len(u.username) for u in users)
    lines = [
        "Demo marketplace",
        "",
        f"Shop / login:      {base_url}/",
        f"Operator console:  {base_url}/console/",
        f"Seller center:     {base_url}/seller/",
        f"Django admin:      {base_url}/admin/",
        f"API docs:          {base_url}/api/docs/",
        "",
        f"All demo users have the password: {DEMO_PASSWORD}",
        "",
        *(f"  {u.username:<{width}}  {u.role}" for u in users),
    ]
    return "\n".join(lines) + "\n"
