"""A vendor whose offers enforcement suppresses vanishes from the real search results (through
the outbox into OpenSearch) and the operator's reversal brings it back; another vendor's offer
of the same product stays findable throughout."""

import pytest
from django.utils import timezone

from marketplace.outbox import outbox_deliver
from moderation.services import standing_evaluate, standing_reverse
from search.indexing import index_refresh
from tests.factories import make_offer, make_operator, make_vendor
from tests.moderation.history import History

pytestmark = pytest.mark.django_db


def found(api, query):
    outbox_deliver()
    index_refresh()
    response = api.get("/api/search/products/", {"q": query})
    assert response.status_code == 200, response.json()
    return {hit["id"]: hit for hit in response.json()["hits"]}


def test_suppressed_vendor_vanishes_from_search_and_returns_after_reversal(search_index, category, api, settings):
    settings.MODERATION_SCORECARD_MIN_ORDERS = 2
    settings.MODERATION_ENFORCEMENT_MAX_STEPS = 2  # straight to suppression, to keep the test short
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    lantern = make_offer(
        vendor=alpha, owner=alpha_owner, category=category, title="Sturmlaterne Orkan", price=2500, stock=20
    )
    shared = make_offer(
        vendor=alpha, owner=alpha_owner, category=category, title="Zeltheringe Granit", gtin="4006381333931", price=900
    )
    make_offer(
        vendor=beta, owner=beta_owner, category=category, title="Zeltheringe Granit", gtin="4006381333931", price=1100
    )
    history = History(vendor=alpha, owner=alpha_owner, offer=lantern, today=timezone.localdate())
    history.place(days_ago=20)
    history.place(days_ago=21)

    assert lantern.product_id in found(api, "Sturmlaterne")
    before = found(api, "Zeltheringe")[shared.product_id]
    assert before["offer_count"] == 2 and before["min_price"]["amount"] == 900

    assert standing_evaluate(vendor_id=alpha.id).level == 2
    assert lantern.product_id not in found(api, "Sturmlaterne")
    during = found(api, "Zeltheringe")[shared.product_id]  # only Beta's offer is left
    assert during["offer_count"] == 1 and during["min_price"]["amount"] == 1100

    standing_reverse(actor=make_operator(), vendor_id=alpha.id, reason="Parcels were stuck at the carrier.", to_level=0)
    assert lantern.product_id in found(api, "Sturmlaterne")
    after = found(api, "Zeltheringe")[shared.product_id]
    assert after["offer_count"] == 2 and after["min_price"]["amount"] == 900
