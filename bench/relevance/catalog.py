"""A generated catalog with realistic distractors for the judged query set (issue 21).

Product types and the accessories / related items that share their words: a "Zahnbürstenhalter"
is a holder, a "Reisezahnbürste" a toothbrush; "Schuhregal" is furniture, "Laufschuhe" are shoes;
"Kaffeemaschinen-Entkalker" is a cleaning agent. Titles are German, most also English (about a
quarter of the listings are German-only, as on a German-first marketplace), categories come from
a small tree whose accessory branches are named as such ("...zubehör" / "... accessories").

Everything is deterministic (one seeded RNG), so the judgements in ``queries.py`` always point
at the same products: each product carries its type key, brand and a stable ``key``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum import ean

# slug, parent slug, German name, English name
TREE = [
    ("haushalt", None, "Haushalt", "Household"),
    ("kueche", "haushalt", "Küche", "Kitchen"),
    ("kaffeemaschinen", "kueche", "Kaffeemaschinen", "Coffee machines"),
    ("kaffee-zubehoer", "kueche", "Kaffeezubehör", "Coffee accessories"),
    ("kochgeschirr", "kueche", "Kochgeschirr", "Cookware"),
    ("kuechenhelfer", "kueche", "Küchenhelfer", "Kitchen utensils"),
    ("kuehlgeraete", "kueche", "Kühl- und Gefriergeräte", "Fridges and freezers"),
    ("wasserkocher", "kueche", "Wasserkocher", "Kettles"),
    ("haushaltsgeraete", "haushalt", "Haushaltsgeräte", "Household appliances"),
    ("staubsauger", "haushaltsgeraete", "Staubsauger", "Vacuum cleaners"),
    ("staubsauger-zubehoer", "haushaltsgeraete", "Staubsauger-Zubehör", "Vacuum cleaner accessories"),
    ("waschen", "haushaltsgeraete", "Waschen und Spülen", "Laundry and dishwashing"),
    ("waschen-zubehoer", "haushaltsgeraete", "Wasch- und Spülzubehör", "Laundry and dishwasher accessories"),
    ("abfall", "haushalt", "Abfall und Recycling", "Waste and recycling"),
    ("wohnen", None, "Wohnen", "Home and living"),
    ("buero", "wohnen", "Büromöbel", "Office furniture"),
    ("moebel-zubehoer", "wohnen", "Möbelzubehör", "Furniture accessories"),
    ("lampen", "wohnen", "Lampen und Leuchten", "Lamps and lights"),
    ("aufbewahrung", "wohnen", "Aufbewahrung", "Storage"),
    ("schlafen", "wohnen", "Schlafzimmer", "Bedroom"),
    ("bett-zubehoer", "wohnen", "Bettzubehör", "Bedding accessories"),
    ("bad", "wohnen", "Badezimmer", "Bathroom"),
    ("drogerie", None, "Drogerie", "Drugstore"),
    ("mundpflege", "drogerie", "Mundpflege", "Oral care"),
    ("mundpflege-zubehoer", "drogerie", "Mundpflege-Zubehör", "Oral care accessories"),
    ("haarpflege", "drogerie", "Haarpflege", "Hair care"),
    ("elektronik", None, "Elektronik", "Electronics"),
    ("smartphones", "elektronik", "Smartphones", "Smartphones"),
    ("smartphone-zubehoer", "elektronik", "Smartphone-Zubehör", "Smartphone accessories"),
    ("audio", "elektronik", "Audio und HiFi", "Audio and hi-fi"),
    ("audio-zubehoer", "elektronik", "Audio-Zubehör", "Audio accessories"),
    ("computer", "elektronik", "Computer", "Computers"),
    ("computer-zubehoer", "elektronik", "Computerzubehör", "Computer accessories"),
    ("tv", "elektronik", "Fernseher", "Televisions"),
    ("tv-zubehoer", "elektronik", "TV-Zubehör", "TV accessories"),
    ("foto", "elektronik", "Kameras", "Cameras"),
    ("foto-zubehoer", "elektronik", "Kamerazubehör", "Camera accessories"),
    ("sport", None, "Sport und Freizeit", "Sports and outdoors"),
    ("laufen", "sport", "Laufsport", "Running"),
    ("schuh-zubehoer", "sport", "Schuhzubehör", "Shoe accessories"),
    ("fahrraeder", "sport", "Fahrräder", "Bicycles"),
    ("fahrrad-zubehoer", "sport", "Fahrradzubehör", "Bike accessories"),
    ("fussball", "sport", "Fußball", "Football"),
    ("camping", "sport", "Camping", "Camping"),
    ("outdoor-zubehoer", "sport", "Outdoor-Zubehör", "Outdoor accessories"),
    ("garten", None, "Garten und Heimwerken", "Garden and DIY"),
    ("werkzeug", "garten", "Werkzeug", "Tools"),
    ("werkzeug-zubehoer", "garten", "Werkzeugzubehör", "Tool accessories"),
    ("grillen", "garten", "Grillen", "Barbecue"),
    ("grill-zubehoer", "garten", "Grillzubehör", "Barbecue accessories"),
    ("uhren", None, "Uhren und Schmuck", "Watches and jewellery"),
    ("armbanduhren", "uhren", "Armbanduhren", "Wristwatches"),
    ("uhren-zubehoer", "uhren", "Uhrenzubehör", "Watch accessories"),
    ("baby", None, "Baby und Kind", "Baby and child"),
    ("kinderwagen", "baby", "Kinderwagen", "Prams"),
    ("baby-zubehoer", "baby", "Kinderwagenzubehör", "Pram accessories"),
]

# key, category slug, [(German name, English name), ...] (title variants of the type), brands
TYPES = [
    # --- products
    (
        "zahnbuerste",
        "mundpflege",
        [
            ("Zahnbürste", "toothbrush"),
            ("Elektrische Zahnbürste", "electric toothbrush"),
            ("Reisezahnbürste", "travel toothbrush"),
            ("Schallzahnbürste", "sonic toothbrush"),
            ("Kinderzahnbürste", "kids toothbrush"),
        ],
        ["Oral-B", "Philips", "Dr. Best", "Curaprox"],
    ),
    ("zahnseide", "mundpflege", [("Zahnseide", "dental floss")], ["Oral-B", "Elmex", "Dentalux"]),
    (
        "zahnpasta",
        "mundpflege",
        [("Zahnpasta", "toothpaste"), ("Zahncreme", "toothpaste")],
        ["Elmex", "Colgate", "Sensodyne"],
    ),
    (
        "foehn",
        "haarpflege",
        [("Föhn", "hair dryer"), ("Haartrockner", "hair dryer"), ("Reiseföhn", "travel hair dryer")],
        ["Braun", "Remington", "Dyson", "Philips"],
    ),
    ("glaetteisen", "haarpflege", [("Glätteisen", "hair straightener")], ["Remington", "BaByliss", "Braun"]),
    (
        "kaffeemaschine",
        "kaffeemaschinen",
        [
            ("Kaffeemaschine", "coffee machine"),
            ("Filterkaffeemaschine", "filter coffee maker"),
            ("Kaffeemaschine mit Mahlwerk", "coffee machine with grinder"),
        ],
        ["Melitta", "Krups", "Philips", "WMF", "Severin"],
    ),
    (
        "kaffeevollautomat",
        "kaffeemaschinen",
        [("Kaffeevollautomat", "bean-to-cup coffee machine")],
        ["De'Longhi", "Siemens", "Jura", "Melitta"],
    ),
    (
        "espressomaschine",
        "kaffeemaschinen",
        [("Espressomaschine", "espresso machine"), ("Siebträgermaschine", "portafilter espresso machine")],
        ["De'Longhi", "Gaggia", "Sage", "Rancilio"],
    ),
    (
        "kaffeemuehle",
        "kaffeemaschinen",
        [("Kaffeemühle", "coffee grinder"), ("Elektrische Kaffeemühle", "electric coffee grinder")],
        ["Graef", "Krups", "Bodum"],
    ),
    (
        "pfanne",
        "kochgeschirr",
        [
            ("Pfanne", "frying pan"),
            ("Bratpfanne", "frying pan"),
            ("Grillpfanne", "grill pan"),
            ("Wokpfanne", "wok pan"),
        ],
        ["Tefal", "WMF", "Fissler", "Le Creuset"],
    ),
    ("kochtopf", "kochgeschirr", [("Kochtopf", "cooking pot"), ("Topfset", "pot set")], ["WMF", "Fissler", "Silit"]),
    (
        "kuehlschrank",
        "kuehlgeraete",
        [("Kühlschrank", "fridge"), ("Kühl-Gefrier-Kombination", "fridge freezer"), ("Minikühlschrank", "mini fridge")],
        ["Bosch", "Liebherr", "Siemens", "Bomann"],
    ),
    (
        "wasserkocher",
        "wasserkocher",
        [("Wasserkocher", "electric kettle")],
        ["Bosch", "Russell Hobbs", "WMF", "Severin"],
    ),
    (
        "staubsauger",
        "staubsauger",
        [
            ("Staubsauger", "vacuum cleaner"),
            ("Akkustaubsauger", "cordless vacuum cleaner"),
            ("Bodenstaubsauger", "canister vacuum cleaner"),
            ("Saugroboter", "robot vacuum"),
        ],
        ["Miele", "Dyson", "Bosch", "Rowenta", "Vorwerk"],
    ),
    (
        "waschmaschine",
        "waschen",
        [("Waschmaschine", "washing machine"), ("Frontlader Waschmaschine", "front loader washing machine")],
        ["Miele", "Bosch", "AEG", "Siemens"],
    ),
    (
        "geschirrspueler",
        "waschen",
        [("Geschirrspüler", "dishwasher"), ("Spülmaschine", "dishwasher")],
        ["Bosch", "Miele", "Siemens", "Beko"],
    ),
    (
        "muelleimer",
        "abfall",
        [("Mülleimer", "waste bin"), ("Treteimer", "pedal bin"), ("Abfalleimer", "rubbish bin")],
        ["Brabantia", "Wesco", "Joseph Joseph"],
    ),
    (
        "buerostuhl",
        "buero",
        [
            ("Bürostuhl", "office chair"),
            ("Drehstuhl", "swivel chair"),
            ("Ergonomischer Bürostuhl", "ergonomic office chair"),
        ],
        ["Hjh Office", "Topstar", "Steelcase", "Songmics"],
    ),
    (
        "schreibtisch",
        "buero",
        [("Schreibtisch", "desk"), ("Höhenverstellbarer Schreibtisch", "height adjustable desk")],
        ["Flexispot", "Songmics", "Hammerbacher"],
    ),
    (
        "stehlampe",
        "lampen",
        [("Stehlampe", "floor lamp"), ("Stehleuchte", "floor light")],
        ["Paulmann", "Brilliant", "Philips Hue"],
    ),
    (
        "schreibtischlampe",
        "lampen",
        [("Schreibtischlampe", "desk lamp"), ("Tischleuchte", "table lamp")],
        ["Paulmann", "Brilliant", "BenQ"],
    ),
    (
        "gluehbirne",
        "lampen",
        [("Glühbirne", "light bulb"), ("LED Glühbirne", "LED light bulb")],
        ["Osram", "Philips", "Paulmann"],
    ),
    (
        "schuhregal",
        "aufbewahrung",
        [("Schuhregal", "shoe rack"), ("Schuhschrank", "shoe cabinet")],
        ["Songmics", "Ikea", "Wenko"],
    ),
    (
        "matratze",
        "schlafen",
        [
            ("Matratze", "mattress"),
            ("Kaltschaummatratze", "cold foam mattress"),
            ("Federkernmatratze", "spring mattress"),
        ],
        ["Emma", "Bodyguard", "Schlaraffia"],
    ),
    (
        "kopfkissen",
        "schlafen",
        [("Kopfkissen", "pillow"), ("Nackenstützkissen", "neck support pillow")],
        ["Emma", "Paradies", "Tempur"],
    ),
    ("handtuch", "bad", [("Handtuch", "towel"), ("Badetuch", "bath towel")], ["Möve", "Vossen", "Dyckhoff"]),
    (
        "smartphone",
        "smartphones",
        [("Smartphone", "smartphone")],
        ["Samsung", "Apple", "Xiaomi", "Google", "Fairphone"],
    ),
    (
        "kopfhoerer",
        "audio",
        [
            ("Kopfhörer", "headphones"),
            ("Bluetooth Kopfhörer", "Bluetooth headphones"),
            ("In-Ear-Kopfhörer", "in-ear headphones"),
            ("Over-Ear-Kopfhörer", "over-ear headphones"),
        ],
        ["Sony", "Bose", "Sennheiser", "JBL", "Beyerdynamic"],
    ),
    (
        "lautsprecher",
        "audio",
        [("Bluetooth Lautsprecher", "Bluetooth speaker"), ("Lautsprecher", "speaker")],
        ["JBL", "Bose", "Sonos", "Teufel"],
    ),
    (
        "laptop",
        "computer",
        [("Laptop", "laptop"), ("Notebook", "notebook"), ("Gaming-Laptop", "gaming laptop")],
        ["Lenovo", "HP", "Dell", "Asus", "Acer"],
    ),
    (
        "maus",
        "computer-zubehoer",
        [("Computermaus", "computer mouse"), ("Kabellose Maus", "wireless mouse")],
        ["Logitech", "Microsoft", "Razer"],
    ),
    (
        "fernseher",
        "tv",
        [("Fernseher", "TV"), ("Smart-TV Fernseher", "smart TV"), ("OLED Fernseher", "OLED TV")],
        ["Samsung", "LG", "Sony", "Philips", "TCL"],
    ),
    (
        "kamera",
        "foto",
        [
            ("Systemkamera", "mirrorless camera"),
            ("Spiegelreflexkamera", "DSLR camera"),
            ("Actionkamera", "action camera"),
            ("Digitalkamera", "digital camera"),
        ],
        ["Canon", "Nikon", "Sony", "Fujifilm", "GoPro"],
    ),
    (
        "laufschuhe",
        "laufen",
        [
            ("Laufschuhe", "running shoes"),
            ("Trail-Laufschuhe", "trail running shoes"),
            ("Damen Laufschuhe", "women's running shoes"),
            ("Herren Laufschuhe", "men's running shoes"),
        ],
        ["Asics", "Nike", "Adidas", "Brooks", "On"],
    ),
    (
        "laufshirt",
        "laufen",
        [("Laufshirt", "running shirt"), ("Funktionsshirt", "sports shirt")],
        ["Nike", "Adidas", "Odlo"],
    ),
    (
        "fahrrad",
        "fahrraeder",
        [
            ("Fahrrad", "bicycle"),
            ("Mountainbike", "mountain bike"),
            ("E-Bike", "e-bike"),
            ("Citybike", "city bike"),
            ("Trekkingrad", "trekking bike"),
            ("Kinderfahrrad", "kids bike"),
        ],
        ["Cube", "Giant", "Canyon", "Kalkhoff", "Puky"],
    ),
    (
        "fahrradhelm",
        "fahrraeder",
        [("Fahrradhelm", "bike helmet"), ("Kinderfahrradhelm", "kids bike helmet")],
        ["Uvex", "Abus", "Giro"],
    ),
    (
        "fahrradschloss",
        "fahrrad-zubehoer",
        [("Fahrradschloss", "bike lock"), ("Faltschloss", "folding lock")],
        ["Abus", "Kryptonite", "Trelock"],
    ),
    (
        "fahrradlampe",
        "fahrrad-zubehoer",
        [("Fahrradlampe", "bike light"), ("Fahrradbeleuchtung Set", "bike light set")],
        ["Busch & Müller", "Sigma", "Trelock"],
    ),
    (
        "fahrradpumpe",
        "fahrrad-zubehoer",
        [("Fahrradpumpe", "bike pump"), ("Standpumpe", "floor pump")],
        ["SKS", "Topeak", "Lezyne"],
    ),
    (
        "fussball",
        "fussball",
        [("Fußball", "football"), ("Trainingsball Fußball", "training football")],
        ["Adidas", "Derbystar", "Select", "Nike"],
    ),
    (
        "fussballschuhe",
        "fussball",
        [("Fußballschuhe", "football boots"), ("Kinder Fußballschuhe", "kids football boots")],
        ["Adidas", "Nike", "Puma"],
    ),
    ("fussballtor", "fussball", [("Fußballtor", "football goal")], ["Hudora", "Bandito"]),
    (
        "zelt",
        "camping",
        [
            ("Zelt", "tent"),
            ("Kuppelzelt", "dome tent"),
            ("Trekkingzelt", "trekking tent"),
            ("Familienzelt", "family tent"),
        ],
        ["Vaude", "Coleman", "Jack Wolfskin", "MSR"],
    ),
    (
        "schlafsack",
        "camping",
        [("Schlafsack", "sleeping bag"), ("Mumienschlafsack", "mummy sleeping bag")],
        ["Deuter", "Vaude", "Mammut"],
    ),
    (
        "rucksack",
        "camping",
        [
            ("Rucksack", "backpack"),
            ("Wanderrucksack", "hiking backpack"),
            ("Laptoprucksack", "laptop backpack"),
            ("Tagesrucksack", "daypack"),
        ],
        ["Deuter", "Osprey", "Vaude", "Fjällräven"],
    ),
    (
        "bohrmaschine",
        "werkzeug",
        [("Bohrmaschine", "drill"), ("Schlagbohrmaschine", "impact drill"), ("Akku-Bohrmaschine", "cordless drill")],
        ["Bosch", "Makita", "Metabo", "Einhell"],
    ),
    (
        "akkuschrauber",
        "werkzeug",
        [("Akkuschrauber", "cordless screwdriver")],
        ["Bosch", "Makita", "Metabo", "Einhell"],
    ),
    (
        "grill",
        "grillen",
        [
            ("Gasgrill", "gas grill"),
            ("Holzkohlegrill", "charcoal grill"),
            ("Elektrogrill", "electric grill"),
            ("Kugelgrill", "kettle grill"),
        ],
        ["Weber", "Napoleon", "Enders", "Outdoorchef"],
    ),
    (
        "armbanduhr",
        "armbanduhren",
        [
            ("Armbanduhr", "wristwatch"),
            ("Herrenuhr", "men's watch"),
            ("Damenuhr", "women's watch"),
            ("Smartwatch", "smartwatch"),
        ],
        ["Casio", "Fossil", "Junghans", "Garmin"],
    ),
    (
        "kinderwagen",
        "kinderwagen",
        [("Kinderwagen", "pram"), ("Buggy", "buggy"), ("Kombikinderwagen", "combination pram")],
        ["Hauck", "Bugaboo", "Joolz", "ABC Design"],
    ),
    # --- accessories and related items that share the products' words
    (
        "zahnbuerstenhalter",
        "mundpflege-zubehoer",
        [("Zahnbürstenhalter", "toothbrush holder"), ("Zahnbürstenbecher", "toothbrush cup")],
        ["Wenko", "Kela", "Zeller"],
    ),
    (
        "aufsteckbuersten",
        "mundpflege-zubehoer",
        [
            ("Aufsteckbürsten für elektrische Zahnbürste", "replacement heads for electric toothbrush"),
            ("Ersatzbürsten für Zahnbürste", "replacement brush heads for toothbrush"),
        ],
        ["Oral-B", "Philips", "Dentalux"],
    ),
    (
        "zahnbuerstenetui",
        "mundpflege-zubehoer",
        [("Reiseetui für Zahnbürste", "travel case for toothbrush"), ("Zahnbürstenetui", "toothbrush case")],
        ["Wenko", "Oral-B"],
    ),
    (
        "foehn_diffusor",
        "haarpflege",
        [("Diffusor-Aufsatz für Föhn", "diffuser attachment for hair dryer"), ("Föhnhalter", "hair dryer holder")],
        ["Braun", "Wenko"],
    ),
    (
        "entkalker",
        "kaffee-zubehoer",
        [
            ("Kaffeemaschinen-Entkalker", "coffee machine descaler"),
            ("Entkalker für Kaffeevollautomaten", "descaler for bean-to-cup machines"),
        ],
        ["Durgol", "Melitta", "Jura", "Frosch"],
    ),
    (
        "kaffee_wasserfilter",
        "kaffee-zubehoer",
        [
            ("Wasserfilter für Kaffeemaschine", "water filter for coffee machine"),
            ("Kaffeemaschinenreiniger", "coffee machine cleaner"),
        ],
        ["Brita", "Jura", "Melitta"],
    ),
    (
        "kaffeebohnen",
        "kaffee-zubehoer",
        [("Kaffeebohnen", "coffee beans"), ("Espressobohnen", "espresso beans")],
        ["Lavazza", "Tchibo", "Dallmayr"],
    ),
    ("milchaufschaeumer", "kaffee-zubehoer", [("Milchaufschäumer", "milk frother")], ["Severin", "Melitta", "Bodum"]),
    (
        "pfannenwender",
        "kuechenhelfer",
        [("Pfannenwender", "spatula"), ("Pfannendeckel", "pan lid")],
        ["WMF", "Fackelmann", "Tefal"],
    ),
    (
        "topflappen",
        "kuechenhelfer",
        [("Topflappen", "pot holder"), ("Topfuntersetzer", "pot trivet")],
        ["Kela", "Fackelmann"],
    ),
    ("kaesereibe", "kuechenhelfer", [("Käsereibe", "cheese grater")], ["Microplane", "WMF", "Fackelmann"]),
    (
        "kuehlschrankzubehoer",
        "kuechenhelfer",
        [
            ("Kühlschrankmagnet", "fridge magnet"),
            ("Kühlschrankthermometer", "fridge thermometer"),
            ("Kühlschrank-Organizer", "fridge organiser"),
        ],
        ["Wenko", "Kela", "Tescoma"],
    ),
    (
        "wasserkocher_entkalker",
        "kuechenhelfer",
        [("Entkalker für Wasserkocher", "descaler for kettle")],
        ["Durgol", "Frosch"],
    ),
    (
        "staubsaugerbeutel",
        "staubsauger-zubehoer",
        [
            ("Staubsaugerbeutel", "vacuum cleaner bags"),
            ("Staubsauger-Filter", "vacuum cleaner filter"),
            ("Düse für Staubsauger", "nozzle for vacuum cleaner"),
        ],
        ["Swirl", "Miele", "Wessel"],
    ),
    (
        "waschmaschinenzubehoer",
        "waschen-zubehoer",
        [
            ("Waschmaschinenreiniger", "washing machine cleaner"),
            ("Unterbau für Waschmaschine", "washing machine pedestal"),
            ("Waschmaschinen-Abdeckung", "washing machine cover"),
        ],
        ["Dr. Beckmann", "Wenko", "Frosch"],
    ),
    (
        "spuelmaschinentabs",
        "waschen-zubehoer",
        [("Spülmaschinentabs", "dishwasher tablets"), ("Geschirrspülerreiniger", "dishwasher cleaner")],
        ["Finish", "Somat", "Frosch"],
    ),
    (
        "muellbeutel",
        "abfall",
        [("Müllbeutel", "bin bags"), ("Müllsäcke", "rubbish sacks")],
        ["Swirl", "Toppits", "Brabantia"],
    ),
    (
        "buerostuhl_zubehoer",
        "moebel-zubehoer",
        [
            ("Bürostuhlrollen", "office chair castors"),
            ("Bodenschutzmatte für Bürostuhl", "floor protection mat for office chair"),
            ("Sitzkissen für Bürostuhl", "seat cushion for office chair"),
        ],
        ["Songmics", "Floordirekt", "Topstar"],
    ),
    (
        "schreibtisch_zubehoer",
        "moebel-zubehoer",
        [("Schreibtischunterlage", "desk pad"), ("Kabelkanal für Schreibtisch", "cable tray for desk")],
        ["Leitz", "Songmics"],
    ),
    (
        "lampenschirm",
        "moebel-zubehoer",
        [("Lampenschirm", "lampshade"), ("Lampenschirm für Stehlampe", "lampshade for floor lamp")],
        ["Paulmann", "Ikea"],
    ),
    (
        "matratzenschoner",
        "bett-zubehoer",
        [("Matratzenschoner", "mattress protector"), ("Matratzenauflage", "mattress topper")],
        ["Dormisette", "Schlafgut"],
    ),
    (
        "kissenbezug",
        "bett-zubehoer",
        [("Kissenbezug", "pillowcase"), ("Kopfkissenbezug", "pillowcase")],
        ["Dormisette", "Estella"],
    ),
    (
        "handtuchhalter",
        "bad",
        [("Handtuchhalter", "towel holder"), ("Handtuchstange", "towel rail")],
        ["Wenko", "Tesa", "Kela"],
    ),
    (
        "handyhuelle",
        "smartphone-zubehoer",
        [
            ("Handyhülle", "phone case"),
            ("Hülle für Smartphone", "case for smartphone"),
            ("Schutzhülle für Smartphone", "protective cover for smartphone"),
        ],
        ["Spigen", "OtterBox", "Cellularline"],
    ),
    (
        "schutzfolie",
        "smartphone-zubehoer",
        [
            ("Schutzfolie für Smartphone", "screen protector for smartphone"),
            ("Panzerglas für Smartphone", "tempered glass for smartphone"),
        ],
        ["Spigen", "Belkin", "Displex"],
    ),
    (
        "ladekabel",
        "smartphone-zubehoer",
        [("Ladekabel für Smartphone", "charging cable for smartphone"), ("Smartphone Ladegerät", "smartphone charger")],
        ["Anker", "Belkin", "Ugreen"],
    ),
    (
        "handyhalterung",
        "smartphone-zubehoer",
        [("Handyhalterung fürs Fahrrad", "phone mount for bike"), ("Handyhalterung fürs Auto", "phone mount for car")],
        ["SP Connect", "Lamicall", "Topeak"],
    ),
    (
        "kopfhoerer_zubehoer",
        "audio-zubehoer",
        [
            ("Kopfhörerständer", "headphone stand"),
            ("Ersatzpolster für Kopfhörer", "replacement ear pads for headphones"),
            ("Kopfhörerverstärker", "headphone amplifier"),
            ("Kopfhörer-Etui", "headphone case"),
        ],
        ["Beyerdynamic", "Geekria", "Fiio"],
    ),
    (
        "laptop_zubehoer",
        "computer-zubehoer",
        [
            ("Laptoptasche", "laptop bag"),
            ("Laptopständer", "laptop stand"),
            ("Netzteil für Laptop", "power supply for laptop"),
            ("Notebook-Kühler", "notebook cooler"),
        ],
        ["Targus", "Rain Design", "Lenovo", "Cooler Master"],
    ),
    ("mauspad", "computer-zubehoer", [("Mauspad", "mouse pad")], ["Logitech", "Razer", "SteelSeries"]),
    (
        "tv_zubehoer",
        "tv-zubehoer",
        [
            ("TV-Wandhalterung für Fernseher", "TV wall mount"),
            ("Fernbedienung für Fernseher", "remote control for TV"),
            ("Fernsehtisch", "TV stand"),
        ],
        ["Vogel's", "One For All", "Hama"],
    ),
    (
        "kamera_zubehoer",
        "foto-zubehoer",
        [
            ("Kameratasche", "camera bag"),
            ("Stativ für Kamera", "tripod for camera"),
            ("Kameragurt", "camera strap"),
            ("Akku für Kamera", "battery for camera"),
        ],
        ["Lowepro", "Manfrotto", "Peak Design", "Patona"],
    ),
    (
        "schuh_zubehoer",
        "schuh-zubehoer",
        [
            ("Schnürsenkel für Laufschuhe", "laces for running shoes"),
            ("Einlegesohlen für Laufschuhe", "insoles for running shoes"),
            ("Schuhputzset", "shoe cleaning kit"),
            ("Schuhspanner", "shoe tree"),
        ],
        ["Lock Laces", "Currex", "Kiwi", "Collonil"],
    ),
    (
        "laufband",
        "laufen",
        [("Laufband", "treadmill"), ("Laufgürtel", "running belt")],
        ["Kettler", "Sportstech", "Flipbelt"],
    ),
    (
        "fahrrad_zubehoer",
        "fahrrad-zubehoer",
        [
            ("Fahrradtasche", "bike bag"),
            ("Fahrradständer", "bike stand"),
            ("Fahrradkorb", "bike basket"),
            ("Fahrradanhänger", "bike trailer"),
            ("Fahrradklingel", "bike bell"),
        ],
        ["Ortlieb", "Basil", "Thule", "Croozer"],
    ),
    (
        "fahrradhelm_zubehoer",
        "fahrrad-zubehoer",
        [
            ("Visier für Fahrradhelm", "visor for bike helmet"),
            ("Helmlampe für Fahrradhelm", "helmet light for bike helmet"),
        ],
        ["Uvex", "Abus"],
    ),
    (
        "fussball_zubehoer",
        "fussball",
        [
            ("Ballpumpe für Fußball", "ball pump for football"),
            ("Fußballnetz", "football net"),
            ("Schienbeinschoner", "shin guards"),
        ],
        ["Derbystar", "Select", "Nike"],
    ),
    (
        "zelt_zubehoer",
        "outdoor-zubehoer",
        [
            ("Zeltheringe", "tent pegs"),
            ("Zeltunterlage", "tent footprint"),
            ("Reparaturset für Zelt", "tent repair kit"),
        ],
        ["MSR", "Vaude", "Coleman"],
    ),
    (
        "schlafsack_zubehoer",
        "outdoor-zubehoer",
        [
            ("Inlett für Schlafsack", "sleeping bag liner"),
            ("Kompressionssack für Schlafsack", "compression sack for sleeping bag"),
        ],
        ["Cocoon", "Sea to Summit"],
    ),
    (
        "rucksack_zubehoer",
        "outdoor-zubehoer",
        [("Regenhülle für Rucksack", "rain cover for backpack"), ("Rucksack-Organizer", "backpack organiser")],
        ["Deuter", "Vaude", "Osprey"],
    ),
    (
        "bohrer",
        "werkzeug-zubehoer",
        [
            ("Bohrer-Set", "drill bit set"),
            ("Holzbohrer", "wood drill bit"),
            ("Koffer für Bohrmaschine", "case for drill"),
            ("Bit-Set für Akkuschrauber", "bit set for cordless screwdriver"),
            ("Ersatzakku für Akkuschrauber", "spare battery for cordless screwdriver"),
        ],
        ["Bosch", "Wolfcraft", "Makita"],
    ),
    (
        "grill_zubehoer",
        "grill-zubehoer",
        [
            ("Grillzange", "grill tongs"),
            ("Grillbesteck", "barbecue tool set"),
            ("Abdeckhaube für Grill", "grill cover"),
            ("Grillkohle", "charcoal"),
            ("Grillrost", "grill grate"),
        ],
        ["Weber", "Enders", "Rösle"],
    ),
    (
        "uhren_zubehoer",
        "uhren-zubehoer",
        [("Uhrenarmband", "watch strap"), ("Uhrenbeweger", "watch winder"), ("Uhrenbox", "watch box")],
        ["Fossil", "Hirsch", "Rothenschild"],
    ),
    (
        "kinderwagen_zubehoer",
        "baby-zubehoer",
        [
            ("Regenschutz für Kinderwagen", "rain cover for pram"),
            ("Kinderwagentasche", "pram bag"),
            ("Sonnenschirm für Kinderwagen", "parasol for pram"),
        ],
        ["Hauck", "Reer", "Lässig"],
    ),
]

# What real listings add to a product title: parts that come with it (a distractor for a query
# that asks for the part alone).
EXTRAS = {
    "zahnbuerste": [
        ("mit Reiseetui", "with travel case"),
        ("inkl. 2 Aufsteckbürsten", "incl. 2 brush heads"),
        ("mit Ladestation", "with charging stand"),
    ],
    "kaffeemaschine": [("mit Thermoskanne", "with thermal jug"), ("mit Wasserfilter", "with water filter")],
    "kaffeevollautomat": [("mit Milchaufschäumer", "with milk frother"), ("mit Kegelmahlwerk", "with conical grinder")],
    "staubsauger": [
        ("mit Fugendüse", "with crevice nozzle"),
        ("beutellos", "bagless"),
        ("inkl. 5 Staubsaugerbeutel", "incl. 5 bags"),
    ],
    "smartphone": [("128 GB", "128 GB"), ("256 GB, Dual-SIM", "256 GB, dual SIM")],
    "kopfhoerer": [("mit Etui", "with case"), ("mit Geräuschunterdrückung", "with noise cancelling")],
    "laptop": [("15,6 Zoll", "15.6 inch"), ("14 Zoll, 16 GB RAM", "14 inch, 16 GB RAM")],
    "kamera": [("mit Objektiv 18-55 mm", "with 18-55 mm lens"), ("inkl. Kameratasche", "incl. camera bag")],
    "fahrrad": [("28 Zoll", "28 inch"), ("mit Fahrradschloss", "with bike lock"), ("21 Gänge", "21 gears")],
    "grill": [("mit Abdeckhaube", "with cover"), ("3 Brenner", "3 burners")],
    "zelt": [("für 2 Personen", "for 2 people"), ("für 4 Personen", "for 4 people")],
    "bohrmaschine": [("im Koffer", "in case"), ("inkl. Bohrer-Set", "incl. drill bit set")],
    "laufschuhe": [("Größe 42", "size 42"), ("atmungsaktiv", "breathable")],
    "armbanduhr": [("mit Lederarmband", "with leather strap"), ("wasserdicht", "waterproof")],
    "kinderwagen": [("mit Regenschutz", "with rain cover"), ("inkl. Wickeltasche", "incl. changing bag")],
    "fernseher": [("55 Zoll", "55 inch"), ("65 Zoll, 4K", "65 inch, 4K")],
}
# What accessory listings add: the products they fit.
FITS = {
    "zahnbuerstenhalter": [
        ("für elektrische Zahnbürsten", "for electric toothbrushes"),
        ("für 4 Zahnbürsten", "for 4 toothbrushes"),
    ],
    "zahnbuerstenetui": [("für Reisezahnbürste", "for travel toothbrush")],
    "entkalker": [
        ("für Kaffeemaschinen", "for coffee machines"),
        ("für alle Kaffeemaschinen", "for all coffee machines"),
    ],
    "kaffeebohnen": [("für Kaffeevollautomaten", "for bean-to-cup machines")],
    "milchaufschaeumer": [("für Kaffeemaschine", "for coffee machine")],
    "pfannenwender": [("für beschichtete Pfannen", "for non-stick pans")],
    "kuehlschrankzubehoer": [("für Kühlschrank", "for fridge")],
    "staubsaugerbeutel": [
        ("passend für Miele Staubsauger", "fits Miele vacuum cleaners"),
        ("für Bosch Staubsauger", "for Bosch vacuum cleaners"),
    ],
    "waschmaschinenzubehoer": [("für Waschmaschine", "for washing machine")],
    "spuelmaschinentabs": [("für Geschirrspüler", "for dishwasher"), ("für Spülmaschine", "for dishwasher")],
    "matratzenschoner": [
        ("für Matratze 90x200", "for mattress 90x200"),
        ("für Matratzen 140x200", "for mattresses 140x200"),
    ],
    "kissenbezug": [("für Kopfkissen 80x80", "for pillow 80x80")],
    "lampenschirm": [("für Stehlampe", "for floor lamp")],
    "handyhuelle": [("für Samsung Galaxy Smartphone", "for Samsung Galaxy smartphone"), ("für iPhone", "for iPhone")],
    "kopfhoerer_zubehoer": [("für Over-Ear-Kopfhörer", "for over-ear headphones"), ("für Kopfhörer", "for headphones")],
    "laptop_zubehoer": [("für Laptop bis 15,6 Zoll", "for laptops up to 15.6 inch"), ("für Notebook", "for notebook")],
    "mauspad": [("für Computermaus", "for computer mouse")],
    "kamera_zubehoer": [("für Systemkamera", "for mirrorless camera"), ("für Kamera", "for camera")],
    "schuh_zubehoer": [("für Sportschuhe", "for sports shoes"), ("für Laufschuhe", "for running shoes")],
    "fahrrad_zubehoer": [("für Fahrrad", "for bicycle"), ("für E-Bike", "for e-bike")],
    "fussball_zubehoer": [("für Fußball", "for football")],
    "zelt_zubehoer": [("für Zelt", "for tent")],
    "bohrer": [("für Bohrmaschine", "for drill"), ("für Akkuschrauber", "for cordless screwdriver")],
    "grill_zubehoer": [("für Grill", "for grill"), ("für Gasgrill", "for gas grill")],
    "uhren_zubehoer": [("für Armbanduhr", "for wristwatch"), ("für Smartwatch", "for smartwatch")],
    "kinderwagen_zubehoer": [("für Kinderwagen und Buggy", "for pram and buggy")],
    "tv_zubehoer": [("für Fernseher bis 65 Zoll", "for TVs up to 65 inch")],
}
ACCESSORY_CATEGORIES = {slug for slug, _, _, _ in TREE if slug.endswith("-zubehoer")}
COLOURS = [
    ("schwarz", "black"),
    ("weiß", "white"),
    ("grau", "grey"),
    ("blau", "blue"),
    ("rot", "red"),
    ("grün", "green"),
    ("silber", "silver"),
]
MODELS = ["Pro", "Classic", "Comfort", "Plus", "Eco", "Max", "Mini", "Sport", "Premium", "Basic", "Air", "Ultra"]
ADJECTIVES = [
    ("robust", "sturdy"),
    ("leicht", "light"),
    ("kompakt", "compact"),
    ("leise", "quiet"),
    ("praktisch", "practical"),
    ("hochwertig", "high quality"),
]
# Share of listings without an English title (German-first marketplace).
GERMAN_ONLY = 0.25


@dataclass
class Item:
    key: str  # stable: "<type>-<n>"
    type: str
    category: str
    title: str
    title_en: str
    brand: str
    gtin: str
    description: str
    description_en: str
    colour: str


def _gtin(rng: random.Random, seen: set[str], upc: bool) -> str:
    while True:
        body = ("0" if upc else "40") + "".join(rng.choice("0123456789") for _ in range(11 if upc else 10))
        code = body + ean.calc_check_digit(body)
        # A UPC-A product is stored either as its 12 digits (as a US vendor types it) or as the
        # EAN-13 "0" + those 12 (as a European vendor does); buyers type either form.
        if upc and rng.random() < 0.5:
            code = code[1:]
        if code not in seen:
            seen.add(code)
            return code


def generate(
    per_type: tuple[int, int] = (16, 24), per_accessory_type: tuple[int, int] = (22, 32), seed: int = 21
) -> list[Item]:
    """Products of each type, and more listings per accessory type than per product type, as on
    real marketplaces (accessories are cheap to list and come in many variants)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    items = []
    for key, category, names, brands in TYPES:
        accessory = key in FITS or category in ACCESSORY_CATEGORIES
        for n in range(rng.randint(*(per_accessory_type if accessory else per_type))):
            de, en = rng.choice(names)
            if key in EXTRAS and rng.random() < 0.5:
                extra_de, extra_en = rng.choice(EXTRAS[key])
                de, en = f"{de} {extra_de}", f"{en} {extra_en}"
            if key in FITS and " für" not in de and rng.random() < 0.6:
                fits_de, fits_en = rng.choice(FITS[key])
                de, en = f"{de} {fits_de}", f"{en} {fits_en}"
            brand = rng.choice(brands)
            model = f"{rng.choice(MODELS)} {rng.randint(1, 9)}{rng.choice(['', '0', '00', 'X', 'S'])}"
            colour_de, colour_en = rng.choice(COLOURS)
            adjective_de, adjective_en = rng.choice(ADJECTIVES)
            pattern = rng.randrange(3)
            if pattern == 0:
                title = f"{brand} {de} {model}, {colour_de}"
            elif pattern == 1:
                title = f"{de} {model} von {brand}"
            else:
                title = f"{de} {brand} {model} {colour_de}"
            title_en = "" if rng.random() < GERMAN_ONLY else f"{brand} {en} {model}, {colour_en}"
            description = f"{de} von {brand}: {adjective_de} und {colour_de}. Modell {model}."
            description_en = f"{en} by {brand}: {adjective_en}, {colour_en}. Model {model}." if title_en else ""
            items.append(
                Item(
                    key=f"{key}-{n}",
                    type=key,
                    category=category,
                    title=title,
                    title_en=title_en,
                    brand=brand,
                    gtin=_gtin(rng, seen, upc=rng.random() < 0.15),
                    description=description,
                    description_en=description_en,
                    colour=colour_de,
                )
            )
    return items


def category_paths() -> dict[str, str]:
    parents = {slug: parent for slug, parent, _, _ in TREE}
    paths = {}
    for slug in parents:
        parts, node = [], slug
        while node:
            parts.append(node)
            node = parents[node]
        paths[slug] = "/".join(reversed(parts))
    return paths
