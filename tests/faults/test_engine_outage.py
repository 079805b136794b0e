"""Zero-loss indexing: a private OpenSearch node is stopped while listings change, restarted on
the same data folder, and the outbox catches up until the index equals the database."""

import sys
from pathlib import Path

import pytest
from django.utils import timezone

from marketplace.models import OutboxEvent
from marketplace.money import Money
from marketplace.outbox import outbox_deliver, outbox_pending_count
from search.engine import client, products_alias
from search.indexing import index_refresh, product_documents
from search.selectors import product_search
from tests.factories import CategoryFactory, make_offer, make_vendor
from tests.search.conftest import suspend_vendor
from vendors.models import Offer, Product
from vendors.services import offer_update

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import services  # noqa: E402  (scripts/services.py: starts real local services)

pytestmark = pytest.mark.django_db(transaction=True)
CLUSTER = "marketplace-outage-test"


@pytest.fixture
def private_node(tmp_path, settings, search_index):
    node = services.OpenSearch(data_dir=tmp_path / "node", cluster_name=CLUSTER).start(180)
    settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT = node.url, 2
    holder = {"node": node}
    yield holder
    holder["node"].stop()


def index_state() -> dict[int, int]:
    index_refresh()
    hits = client().search(
        index=products_alias(), body={"query": {"match_all": {}}, "size": 1000, "_source": ["min_price"]}
    )
    return {int(h["_id"]): h["_source"]["min_price"] for h in hits["hits"]["hits"]}


def database_state() -> dict[int, int]:
    docs = product_documents(Product.objects.values_list("id", flat=True))
    return {pid: doc["min_price"] for pid, doc in docs.items() if doc}


def test_changes_made_while_the_engine_is_down_arrive_after_restart(private_node, tmp_path):
    category = CategoryFactory(slug="werkzeug", name_de="Werkzeug", name_en="Tools")
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    drill = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Akkuschrauber Kraft", price=8999)
    saw = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Stichsäge Präzise", price=6999)
    hammer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Hammer Schwer", price=1999)
    outbox_deliver()
    assert outbox_pending_count() == 0
    assert index_state() == database_state() and len(database_state()) == 3

    node = private_node["node"]
    port = node.port
    node.stop()  # the engine goes away; the data folder stays

    offer_update(vendor=alpha, actor=alpha_owner, offer_id=drill.id, price=Money(7999, "EUR"))
    offer_update(vendor=alpha, actor=alpha_owner, offer_id=saw.id, status=Offer.Status.PAUSED)
    level = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Wasserwaage Gerade", price=2499)
    suspend_vendor(beta)  # its hammer must leave the results
    # Each commit tried to deliver inline and failed: the rows stay, with the attempt counted.
    pending = OutboxEvent.objects.filter(delivered_at__isnull=True)
    assert pending.count() >= 4
    assert all(e.attempts >= 1 and e.last_error for e in pending)
    assert outbox_deliver().failed == 0  # backing off: nothing is due yet, the engine is not hammered
    pending.update(available_at=timezone.now())
    report = outbox_deliver()
    assert report.delivered == 0 and report.failed == pending.count()
    assert all(e.attempts >= 2 for e in pending)

    restarted = services.OpenSearch(data_dir=tmp_path / "node", port=port, cluster_name=CLUSTER).start(180)
    private_node["node"] = restarted
    # Let the backoff run out instead of waiting for it.
    pending.update(available_at=timezone.now())
    outbox_deliver()
    assert outbox_pending_count() == 0

    expected = database_state()
    assert index_state() == expected
    assert expected == {drill.product_id: 7999, level.product_id: 2499}
    assert [h.id for h in product_search(query="Hammer").hits] == []
    assert hammer.product_id not in expected and saw.product_id not in expected
