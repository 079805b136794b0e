import pytest
from django.core.management import call_command

from marketplace.money import Money
from marketplace.outbox import outbox_deliver
from search.engine import client, products_alias
from search.indexing import index_refresh, search_reindex
from search.selectors import product_search
from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.services import offer_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(search_index):
    bikes = CategoryFactory(slug="fahrrad", name_de="Fahrräder", name_en="Bikes")
    coffee = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    shared_gtin = "4006381333931"
    offers = {
        "helmet_alpha": make_offer(
            vendor=alpha,
            owner=alpha_owner,
            category=bikes,
            title="Fahrradhelm Blitz",
            brand="Uvex",
            price=4999,
            gtin=shared_gtin,
        ),
        # Same GTIN: Beta's offer joins the same catalog product.
        "helmet_beta": make_offer(
            vendor=beta, owner=beta_owner, category=bikes, title="ignored", price=4599, gtin=shared_gtin
        ),
        "lamp": make_offer(
            vendor=alpha, owner=alpha_owner, category=bikes, title="Fahrradlampe Hell", brand="Busch", price=2999
        ),
        "grinder": make_offer(
            vendor=beta,
            owner=beta_owner,
            category=coffee,
            title="Kaffeemühle Aroma",
            brand="Graef",
            price=8900,
            stock=0,
        ),
    }
    outbox_deliver()
    index_refresh()
    return {"bikes": bikes, "coffee": coffee, "alpha": alpha, "alpha_owner": alpha_owner, **offers}


def test_one_document_per_product_summarising_its_offers(catalog):
    helmet = catalog["helmet_alpha"].product
    assert catalog["helmet_beta"].product_id == helmet.id
    source = client().get(index=products_alias(), id=helmet.id)["_source"]
    assert source["offer_count"] == 2
    assert source["min_price"] == 4599 and source["best_offer_id"] == catalog["helmet_beta"].id
    assert source["vendor_names"] == ["Alpha", "Beta"]
    assert client().get(index=products_alias(), id=catalog["grinder"].product_id)["_source"]["in_stock"] is False


def test_full_text_facets_and_sorting(catalog):
    result = product_search(query="fahrradhelme")  # plural, stemmed to the same word
    assert [hit.id for hit in result.hits] == [catalog["helmet_alpha"].product_id]
    result = product_search(query="Fahradlampe")  # typo
    assert [hit.title for hit in result.hits] == ["Fahrradlampe Hell"]
    result = product_search(category=catalog["bikes"].id, sort="price_asc")
    assert [hit.min_price for hit in result.hits] == [2999, 4599]
    assert {f.value: f.count for f in result.facets["brand"]} == {"Uvex": 1, "Busch": 1}
    result = product_search(query=catalog["helmet_alpha"].product.gtin)
    assert [hit.id for hit in result.hits] == [catalog["helmet_alpha"].product_id]


def test_offers_that_stop_being_live_leave_the_index(catalog):
    lamp = catalog["lamp"]
    offer_update(vendor=catalog["alpha"], actor=catalog["alpha_owner"], offer_id=lamp.id, is_active=False)
    offer_update(
        vendor=catalog["alpha"],
        actor=catalog["alpha_owner"],
        offer_id=catalog["helmet_alpha"].id,
        price=Money(3999, "EUR"),
    )
    outbox_deliver()
    index_refresh()
    assert not client().exists(index=products_alias(), id=lamp.product_id)
    assert client().get(index=products_alias(), id=catalog["helmet_alpha"].product_id)["_source"]["min_price"] == 3999


def test_reindex_swaps_the_alias_to_a_checked_new_index(catalog):
    first = list(client().indices.get_alias(name=products_alias()))
    call_command("search_reindex", verbosity=0)
    second = list(client().indices.get_alias(name=products_alias()))
    assert second != first and len(second) == 1
    assert not client().indices.exists(index=first[0])  # the old index is gone
    assert product_search().total == 3
    report = search_reindex()
    assert report.documents == 3 and report.removed_indices == second


def test_index_layout_and_refresh_interval_come_from_the_settings(catalog, settings):
    """Shards, replicas and the refresh interval are configuration; during the reindex the new
    index does not refresh, and it gets the live interval back before the alias swap."""
    settings.OPENSEARCH_SHARDS, settings.OPENSEARCH_REPLICAS = 2, 0
    settings.OPENSEARCH_REFRESH_INTERVAL, settings.OPENSEARCH_REINDEX_REFRESH_INTERVAL = "2s", "-1"
    seen_while_building = []

    def progress(done):
        (name,) = [n for n in client().indices.get(index=f"{products_alias()}-*") if n not in current]
        seen_while_building.append(client().indices.get_settings(index=name)[name]["settings"]["index"])

    current = set(client().indices.get_alias(name=products_alias()))
    report = search_reindex(batch_size=1, progress=progress)
    live = client().indices.get_settings(index=report.index)[report.index]["settings"]["index"]
    assert {s["refresh_interval"] for s in seen_while_building} == {"-1"}
    assert live["refresh_interval"] == "2s"
    assert (live["number_of_shards"], live["number_of_replicas"]) == ("2", "0")
    assert product_search().total == 3
