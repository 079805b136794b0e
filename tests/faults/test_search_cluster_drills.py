"""A three-node OpenSearch cluster (one JVM per node, one replica of every shard) loses a node
(SIGKILL) in the middle of a full reindex, and in the middle of 500 offer updates: searches are
answered by the engine throughout, and afterwards the index equals the database.

The reindex and the outbox consumer are the product's own, unchanged; only OPENSEARCH_URL (the
three node URLs) and OPENSEARCH_REPLICAS=1 differ. Slow (the cluster takes a minute or two to
start): ``make test-deep`` (or MARKETPLACE_DRILLS=1) runs them.
"""

import json
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.models import OutboxEvent
from marketplace.money import Money
from marketplace.outbox import outbox_deliver, outbox_pending_count
from search.engine import _client, client, products_alias
from search.indexing import index_refresh, product_documents, search_reindex
from search.selectors import product_search
from tests.factories import CategoryFactory, make_offer, make_vendor
from tests.faults.processes import services
from vendors.models import Product
from vendors.services import offer_update

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.deep]


@pytest.fixture(scope="module")
def cluster():
    nodes = services.OpenSearchCluster(3, cluster_name="marketplace-drill").start(300)
    yield nodes
    nodes.stop()


@pytest.fixture
def on_cluster(cluster, settings, search_index):
    settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT = cluster.url, 10
    settings.OPENSEARCH_REPLICAS = 1
    _client.cache_clear()
    yield cluster
    _client.cache_clear()
    for i, node in enumerate(cluster.nodes):  # the next drill starts with three nodes again
        if node.process is None or node.process.poll() is not None:
            cluster.restart(i)
    cluster.wait_for_nodes(3, 180)


class Searches(threading.Thread):
    """Buyers searching all the time: every search must be answered by the engine."""

    def __init__(self):
        super().__init__(daemon=True)
        self.answered, self.failed, self.stopping = 0, [], threading.Event()

    def run(self):
        try:
            while not self.stopping.is_set():
                try:
                    product_search(query="Helm")
                    self.answered += 1
                except Exception as exc:  # noqa: BLE001 - counted, asserted below
                    self.failed.append(repr(exc)[:200])
                time.sleep(0.05)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.join(timeout=60)


def index_state() -> dict[int, int]:
    index_refresh()
    hits = client().search(
        index=products_alias(), body={"query": {"match_all": {}}, "size": 5000, "_source": ["min_price"]}
    )
    return {int(h["_id"]): h["_source"]["min_price"] for h in hits["hits"]["hits"]}


def database_state() -> dict[int, int]:
    docs = product_documents(Product.objects.values_list("id", flat=True))
    return {pid: doc["min_price"] for pid, doc in docs.items() if doc}


def node_holding(cluster, index: str, primary: bool = True) -> int:
    """Which of the cluster's nodes holds the index's (first) primary shard."""
    status, body = services.http_get(f"{cluster.urls[0]}/_cat/shards/{index}?format=json&h=prirep,node,state")
    shards = json.loads(body)
    name = next(s["node"] for s in shards if (s["prirep"] == "p") == primary and s["state"] == "STARTED")
    return int(name.rsplit("-", 1)[1]) - 1


def make_catalog(count: int):
    category = CategoryFactory(slug="helme", name_de="Helme", name_en="Helmets")
    vendor, owner = make_vendor(name="Alpha")
    offers = [
        make_offer(vendor=vendor, owner=owner, category=category, title=f"Helm Modell {i}", price=2000 + i)
        for i in range(count)
    ]
    outbox_deliver()
    return vendor, owner, offers


def test_a_search_node_killed_during_a_reindex(on_cluster):
    cluster = on_cluster
    make_catalog(120)
    assert index_state() == database_state()
    old = set(client().indices.get_alias(name=products_alias()))
    killed = {}

    def progress(done):
        killed["batches"] = killed.get("batches", 0) + 1
        if killed["batches"] == 6:  # half-way: the node with the new index's primary shard dies
            (new,) = [n for n in client().indices.get(index=f"{products_alias()}-*") if n not in old]
            killed["node"] = node_holding(cluster, new)
            cluster.kill(killed["node"])

    with Searches() as searches:
        report = search_reindex(batch_size=10, progress=progress)
        time.sleep(1)
    health = cluster.health()
    print(
        f"\nreindex with node-{killed['node'] + 1} killed half-way: {report.documents} documents,"
        f" {searches.answered} searches answered, {len(searches.failed)} failed,"
        f" cluster {health.get('status')} with {health.get('number_of_nodes')} nodes"
    )
    assert "node" in killed
    assert searches.failed == [] and searches.answered > 0
    assert report.documents == 120
    assert index_state() == database_state()


def test_a_search_node_killed_during_500_offer_updates(on_cluster):
    cluster = on_cluster
    vendor, owner, offers = make_catalog(50)
    assert index_state() == database_state()
    updates = 0
    with Searches() as searches:
        for round_ in range(10):
            for offer in offers:
                offer_update(vendor=vendor, actor=owner, offer_id=offer.id, price=Money(3000 + round_ * 10, "EUR"))
                updates += 1
                if updates == 150:  # the node holding the primary shard dies
                    killed = node_holding(cluster, list(client().indices.get_alias(name=products_alias()))[0])
                    cluster.kill(killed)
        # Updates whose inline delivery failed while the cluster re-routed wait in the outbox.
        pending_after_updates = outbox_pending_count()
        OutboxEvent.objects.filter(delivered_at__isnull=True).update(available_at=timezone.now())
        outbox_deliver()
        time.sleep(1)
    health = cluster.health()
    print(
        f"\n{updates} offer updates with node-{killed + 1} killed after 150: {pending_after_updates} deliveries"
        f" retried from the outbox, {searches.answered} searches answered, {len(searches.failed)} failed,"
        f" cluster {health.get('status')} with {health.get('number_of_nodes')} nodes"
    )
    assert updates == 500
    assert outbox_pending_count() == 0
    assert searches.failed == [] and searches.answered > 0
    expected = database_state()
    assert index_state() == expected
    assert set(expected.values()) == {3090}  # the last round's price everywhere
