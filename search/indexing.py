"""Writing product documents: the outbox handler, and the full reindex behind an alias."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from opensearchpy import helpers
from opensearchpy.exceptions import NotFoundError, RequestError

from marketplace.models import OutboxEvent
from marketplace.page_versions import products_changed
from search.build import product_documents  # also imported from here by tests and the bench
from search.documents import analysis_settings, product_index
from search.engine import client, products_alias
from search.models import SynonymRule
from vendors.selectors import product_ids_all
from vendors.services import PRODUCT_CHANGED

logger = logging.getLogger(__name__)

SYNONYMS_CHANGED = "search.synonyms_changed"
# A bulk request of 1000 documents may take a while on a busy node; searches keep the short timeout.
BULK_TIMEOUT = 60  # below the outbox lease (2 min), so a hung engine does not outlive a claim


def synonym_rules() -> list[str]:
    return list(SynonymRule.objects.order_by("id").values_list("rule", flat=True))


def _actions(product_ids: Iterable[int], index: str) -> list[dict]:
    actions = []
    for product_id, document in product_documents(product_ids, as_json=True).items():
        if document is None:
            actions.append({"_op_type": "delete", "_index": index, "_id": product_id})
        else:
            actions.append({"_op_type": "index", "_index": index, "_id": product_id, "_source": document})
    return actions


def bulk_write(actions: list[dict]) -> int:
    """Send actions; a delete of an absent document is fine, any other error raises."""
    _, errors = helpers.bulk(
        client(),
        actions,
        raise_on_error=False,
        raise_on_exception=True,
        refresh=False,
        chunk_size=1000,
        max_chunk_bytes=20 * 1024 * 1024,
        request_timeout=BULK_TIMEOUT,
    )
    real = [e for e in errors if not ("delete" in e and e["delete"].get("status") == 404)]
    if real:
        raise RuntimeError(f"{len(real)} search index writes failed, first: {real[0]}")
    return len(actions)


def ensure_index() -> None:
    """Create a first index behind the alias if there is none (fresh engine).

    Its name is fixed, so consumers racing here end up with one index, never an alias that
    points at two; reindexing later replaces it with a versioned one.
    """
    engine = client()
    if engine.indices.exists_alias(name=products_alias()):
        return
    name = f"{products_alias()}-initial"
    try:
        product_index(name, synonym_rules=synonym_rules()).create(using=engine)
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
    engine.indices.put_alias(index=name, name=products_alias())


def index_products(product_ids: Iterable[int]) -> int:
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    ensure_index()
    return bulk_write(_actions(ids, products_alias()))


def delete_products(product_ids: Iterable[int]) -> int:
    actions = [{"_op_type": "delete", "_index": products_alias(), "_id": pid} for pid in product_ids]
    return bulk_write(actions) if actions else 0


def handle_product_changed(events: list[OutboxEvent]) -> None:
    """Outbox handler: re-summarise each changed product from the database (idempotent); then the
    cached pages that show these products are out of date (marketplace.page_versions)."""
    ids = [event.payload["product_id"] for event in events]
    index_products(ids)
    products_changed(ids)


def synonyms_apply() -> None:
    """Put the current synonym rules into the live index(es): close, update analysis, reopen.

    Synonyms act only at search time, so documents stay as they are. While closed (well under
    a second) searches fail and the storefront shows its database fallback.
    """
    engine = client()
    ensure_index()
    names = sorted(engine.indices.get_alias(name=products_alias()))
    analysis = analysis_settings(synonym_rules())
    for name in names:
        engine.indices.close(index=name)
        try:
            engine.indices.put_settings(index=name, body={"analysis": analysis})
        finally:
            engine.indices.open(index=name, wait_for_active_shards=1)
    engine.cluster.health(index=names, wait_for_status="yellow")


def handle_synonyms_changed(events: list[OutboxEvent]) -> None:
    """Outbox handler: reads the current rules, so any number of changes collapse into one."""
    synonyms_apply()


@dataclass
class ReindexReport:
    index: str
    documents: int
    removed_indices: list[str]


def search_reindex(*, batch_size: int = 1000, progress: Callable[[int], None] | None = None) -> ReindexReport:
    """Build a new versioned index, check it, swap the alias atomically, drop the old index.

    Search keeps serving from the old index until the swap. Changes committed while the build
    runs still go to the old index through the outbox; they are replayed onto the new one
    after the swap, so none is lost.
    """
    engine = client()
    alias = products_alias()
    started = timezone.now()
    name = f"{alias}-{started:%Y%m%d%H%M%S%f}"
    rules = synonym_rules()
    product_index(name, synonym_rules=rules).create(using=engine)
    # Bulk loading: no refreshes until done (OPENSEARCH_REINDEX_REFRESH_INTERVAL, "-1" = none).
    engine.indices.put_settings(
        index=name, body={"index": {"refresh_interval": settings.OPENSEARCH_REINDEX_REFRESH_INTERVAL}}
    )
    ids = list(product_ids_all())
    expected = 0

    def batches():
        nonlocal expected
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            actions = [a for a in _actions(chunk, name) if a["_op_type"] == "index"]
            expected += len(actions)
            yield from actions
            if progress:
                progress(len(chunk))

    _bulk_stream(batches())
    # The first refresh of a large index built without refreshes takes a while on a busy node
    # (over 10 s for 100,000 documents on the loaded benchmark VM): the bulk timeout, not the search one.
    # Then the live interval again (OPENSEARCH_REFRESH_INTERVAL), before readers see the index.
    engine.indices.put_settings(
        index=name,
        body={"index": {"refresh_interval": settings.OPENSEARCH_REFRESH_INTERVAL}},
        request_timeout=BULK_TIMEOUT,
    )
    engine.indices.refresh(index=name, request_timeout=BULK_TIMEOUT)
    count = engine.count(index=name, request_timeout=BULK_TIMEOUT)["count"]
    if count != expected:
        engine.indices.delete(index=name)
        raise RuntimeError(
            f"Reindex incomplete: {count} documents in {name}, expected {expected}; alias left unchanged"
        )
    try:
        old = sorted(engine.indices.get_alias(name=alias))
    except NotFoundError:
        old = []
    swap = [{"remove": {"index": old_name, "alias": alias}} for old_name in old] + [
        {"add": {"index": name, "alias": alias}}
    ]
    if engine.indices.exists(index=alias) and not old:
        # A concrete index squats the alias name (made by hand or an old version): replace it.
        engine.indices.delete(index=alias)
    engine.indices.update_aliases(body={"actions": swap})
    for old_name in old:
        engine.indices.delete(index=old_name, ignore_unavailable=True)
    changed = OutboxEvent.objects.filter(topic=PRODUCT_CHANGED, created_at__gte=started).values_list(
        "payload__product_id", flat=True
    )
    index_products(pid for pid in changed if pid is not None)
    if synonym_rules() != rules:  # changed while building: the handler updated the old index
        synonyms_apply()
    return ReindexReport(index=name, documents=count, removed_indices=old)


def _bulk_stream(actions: Iterable[dict], *, chunk_size: int = 1000, in_flight: int = 2) -> None:
    """Send index actions in chunks while the next chunk is read from the database.

    The database is read in this thread only (Django connections are per thread); worker
    threads do nothing but engine requests.
    """
    pending: list[Future] = []
    with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="search-bulk") as pool:
        chunk: list[dict] = []
        for action in actions:
            chunk.append(action)
            if len(chunk) >= chunk_size:
                pending.append(pool.submit(bulk_write, chunk))
                chunk = []
                while len(pending) >= in_flight:
                    pending.pop(0).result()  # re-raises a failed chunk
        if chunk:
            pending.append(pool.submit(bulk_write, chunk))
        for future in pending:
            future.result()


def index_refresh() -> None:
    client().indices.refresh(index=products_alias())
