"""The search and category pages filter with every facet of the search API, through the same
query builder (search.selectors.search_filters -> build_search); htmx gets the results and the
filters, everything else the whole page; the URL carries the filters."""

import re

import pytest
from django.test import Client

from frontend.storefront.forms.search import SearchForm
from marketplace.models import AttributeDefinition
from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from search.indexing import index_refresh
from search.selectors import build_search, search_filters
from search.selectors.facets import FACET_SIZE
from search.serializers import ProductSearchIn
from tests.factories import CategoryFactory, make_offer, make_vendor
from tests.worlds import indexed_world, module_world
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = pytest.mark.django_db


def browser(language="en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def htmx(language="en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language, HTTP_HX_REQUEST="true")


# The helmets of the category page: (key, vendor, German title, English title, brand, price, extra).
HELMETS = [
    (
        "city",
        "alpha",
        "Stadthelm Rot",
        "City helmet red",
        "Helmwerk",
        3999,
        {"attributes": {"farbe": "rot"}, "handling_days": 1},
    ),
    (
        "ski",
        "beta",
        "Skihelm Blau",
        "Ski helmet blue",
        "Gipfelschutz",
        8999,
        {"attributes": {"farbe": "blau"}, "handling_days": 4},
    ),
    (
        "used",
        "alpha",
        "Kinderhelm Gebraucht",
        "Kids helmet used",
        "Helmwerk",
        1500,
        {"condition": "used", "attributes": {"farbe": "rot"}},
    ),
    (
        "refurb",
        "beta",
        "MTB-Helm Generalüberholt",
        "MTB helmet refurbished",
        "SafeRide",
        4500,
        {"condition": "refurbished", "attributes": {"farbe": "blau"}},
    ),
]


def bikes_build() -> dict:
    """Helmets: free shipping (no profile) at Alpha, paid shipping at Beta; new, used, refurbished."""
    category = CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets")
    AttributeDefinition.objects.create(
        category=category, code="farbe", name_de="Farbe", name_en="Colour", kind="text", position=1
    )
    sellers = {"alpha": make_vendor(name="Alpha"), "beta": make_vendor(name="Beta")}
    beta, beta_owner = sellers["beta"]
    shipping_profile_create(
        vendor=beta,
        actor=beta_owner,
        name="Standard",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=["DE", "AT", "CH"], rate_kind="flat", rates=[RateSpec(490)])],
    )
    offers = {}
    for key, seller, title, title_en, brand, price, extra in HELMETS:
        vendor, owner = sellers[seller]
        offers[key] = make_offer(
            vendor=vendor,
            owner=owner,
            category=category,
            title=title,
            title_en=title_en,
            brand=brand,
            price=price,
            **extra,
        )
    outbox_deliver()
    index_refresh()
    return {"category": category, "alpha": sellers["alpha"][0], "beta": beta, **offers}


@pytest.fixture(scope="module")
def _module_bikes(django_db_setup, django_db_blocker):
    """The helmets, built and indexed once for the module (tests/worlds.py)."""
    with module_world(django_db_blocker, bikes_build, indexed=True) as world:
        yield world


@pytest.fixture
def bikes(request, settings, _module_bikes):
    return indexed_world(request, settings, _module_bikes)


def _titles(response) -> set[str]:
    return {hit.title_en for hit in response.context["result"].hits}


def _form(params, category):
    form = SearchForm(params, categories=[category])
    assert form.is_valid(), form.errors
    return form


def test_the_page_s_filters_build_the_same_query_as_the_api(bikes):
    """Form parameters -> search_filters -> the engine request equals the API's for the same filters."""
    category = bikes["category"]
    page_params = {
        "category": str(category.id),
        "price_min": "20",
        "price_max": "99.50",
        "condition": ["new", "used"],
        "rating_min": "4",
        "seller_rating_min": "3",
        "max_delivery_days": "3",
        "free_shipping": "on",
        "in_stock": "on",
        "brand": ["Helmwerk", "SafeRide"],
        "vendor": [str(bikes["alpha"].id)],
        "attr": ["farbe:rot"],
    }
    api_params = {**page_params, "price_min": "2000", "price_max": "9950", "free_shipping": "true", "in_stock": "true"}
    page = search_filters(_form(page_params, category).search_parameters())
    api = ProductSearchIn(data=_querydict(api_params))
    assert api.is_valid(), api.errors
    assert page == search_filters(api.validated_data)
    assert page.price_min == 2000 and page.price_max == 9950 and page.attributes == {"farbe": ["rot"]}
    body = build_search(filters=page)[0].to_dict()
    clauses = body["query"]["bool"]["filter"][0]["bool"]["filter"]
    assert {"range": {"min_price": {"gte": 2000, "lte": 9950}}} in clauses
    assert {"terms": {"conditions": ["new", "used"]}} in clauses
    assert {"term": {"free_shipping": True}} in clauses
    assert {"terms": {"brand.raw": ["Helmwerk", "SafeRide"]}} in clauses
    assert {"range": {"fastest_handling_days": {"lte": 3}}} in clauses
    # Unset filters stay out of the query; "more" asks the engine for more values of one facet.
    plain = _form({"more": "brand"}, category)
    assert search_filters(plain.search_parameters()) == search_filters({})
    aggs = build_search(filters=search_filters({}), facet_sizes=plain.facet_sizes())[0].to_dict()["aggs"]
    assert aggs["brand"]["terms"]["size"] > FACET_SIZE and aggs["vendor"]["terms"]["size"] == FACET_SIZE


def _querydict(params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"price_min": "30", "price_max": "60"}, {"City helmet red", "MTB helmet refurbished"}),
        ({"condition": ["used", "refurbished"]}, {"Kids helmet used", "MTB helmet refurbished"}),
        ({"free_shipping": "on"}, {"City helmet red", "Kids helmet used"}),
        ({"brand": "Helmwerk"}, {"City helmet red", "Kids helmet used"}),
        ({"max_delivery_days": "1"}, {"City helmet red"}),
        ({"attr": "farbe:blau"}, {"Ski helmet blue", "MTB helmet refurbished"}),
        ({"price_max": "50", "condition": "new", "free_shipping": "on"}, {"City helmet red"}),
    ],
)
def test_each_filter_narrows_the_category_page(bikes, params, expected):
    vendor_params = params
    response = browser().get("/search/", {"category": bikes["category"].id, **vendor_params})
    assert response.status_code == 200
    assert _titles(response) == expected


def test_seller_filter_and_the_facets_with_counts_and_labels(bikes):
    response = browser().get("/search/", {"category": bikes["category"].id, "vendor": bikes["beta"].id})
    assert _titles(response) == {"Ski helmet blue", "MTB helmet refurbished"}
    groups = {group.name: group for group in response.context["facet_groups"]}
    assert {"price", "condition", "rating_min", "seller_rating_min", "max_delivery_days", "shipping"} <= set(groups)
    assert {"brand", "vendor", "attr:farbe"} <= set(groups)
    vendors = {option.label: (option.count, option.checked) for option in groups["vendor"].options}
    assert vendors == {"Beta": (2, True)}  # the engine's counts under the filters in force
    assert groups["attr:farbe"].title == "Colour"
    assert {o.value for o in groups["attr:farbe"].options} == {"farbe:blau"}
    html = response.content.decode()
    assert f'name="vendor" value="{bikes["beta"].id}"' in html and "checked" in html
    assert 'class="sidebar facets offcanvas-md offcanvas-start" id="filters"' in html  # the drawer on phones
    assert 'data-bs-target="#filters"' in html and 'hx-push-url="true"' in html


def test_an_htmx_request_gets_the_results_and_the_filters_only(bikes):
    response = htmx().get("/search/", {"category": bikes["category"].id, "condition": "used"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Vary"].count("HX-Request") == 1
    assert html.lstrip().startswith('<section id="search-results"')
    assert '<form id="facet-form"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html and "Kids helmet used" in html and "City helmet red" not in html
    full = browser().get("/search/", {"category": bikes["category"].id, "condition": "used"}).content.decode()
    assert "<html" in full and "hx-swap-oob" not in full


@pytest.mark.corpus_writes
def test_more_than_thirty_brands_offer_more(bikes):
    category = bikes["category"]
    vendor, owner = make_vendor(name="Markenhaus")
    for number in range(FACET_SIZE + 2):
        make_offer(
            vendor=vendor,
            owner=owner,
            category=category,
            title=f"Helm Modell {number}",
            brand=f"Marke {number:02d}",
            price=2000 + number,
        )
    outbox_deliver()
    index_refresh()
    response = browser().get("/search/", {"category": category.id})
    brands = next(g for g in response.context["facet_groups"] if g.name == "brand")
    assert len(brands.options) == FACET_SIZE and "more=brand" in brands.more_url
    expanded = browser().get("/search/" + brands.more_url)
    brands = next(g for g in expanded.context["facet_groups"] if g.name == "brand")
    assert len(brands.options) == FACET_SIZE + 2 + 3 and brands.less_url and not brands.more_url


def test_sorting_and_german_labels(bikes):
    response = browser("de").get("/search/", {"category": bikes["category"].id, "sort": "price_desc"})
    assert [hit.title_en for hit in response.context["result"].hits][0] == "Ski helmet blue"
    html = response.content.decode()
    assert "Zustand" in html and "Versandkostenfrei" in html and "Sortieren nach" in html and "Farbe" in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_min": "90", "price_max": "10"}, "price_max"),
        ({"price_min": "-1"}, "price_min"),
        ({"condition": "kaputt"}, "condition"),
        ({"vendor": "abc"}, "vendor"),
        ({"attr": "nocolon"}, "attr"),
        ({"rating_min": "9"}, "rating_min"),
    ],
)
def test_bad_filters_are_a_clear_error_naming_the_field(bikes, params, field):
    response = browser().get("/search/", {"category": bikes["category"].id, **params})
    assert response.status_code == 400
    assert field in response.context["search_form"].errors
    # htmx does not swap a 400: the partial comes as 200 with the error summary in the results.
    partial = htmx().get("/search/", {"category": bikes["category"].id, **params})
    assert partial.status_code == 200 and "error-summary" in partial.content.decode()


def test_price_money_is_minor_units():
    form = SearchForm({"price_min": "19.99"})
    assert form.is_valid()
    assert form.search_parameters()["price_min"] == Money(1999, "EUR").amount


def test_another_category_is_a_plain_link_without_this_category_s_attribute_filters(bikes):
    html = browser().get("/search/", {"category": bikes["category"].id, "attr": "farbe:rot", "condition": "new"})
    html = html.content.decode()
    links = re.findall(r'<a href="(\?[^"]*)"(?: aria-current="true")?>(?:All categories|Helmets)</a>', html)
    assert len(links) == 2
    for link in links:
        assert "attr=" not in link and "condition=new" in link and "hx-get" not in link
