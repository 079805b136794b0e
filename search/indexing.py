"""Writing product documents: the outbox handler, and the full reindex behind an alias."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Iterable

from django.utils import timezone
from opensearchpy import helpers
from opensearchpy.exceptions import NotFoundError, RequestError

from marketplace.models import OutboxEvent
from search.documents import product_index
from search.engine import client, products_alias
from vendors.models import Product
from vendors.selectors import product_ids_all, products_with_live_offers
from vendors.services import PRODUCT_CHANGED

logger = logging.getLogger(__name__)


def product_document(product: Product) -> dict | None:
    """The document for a product, or None when nothing of it is for sale."""
    offers = getattr(product, "live_offers", [])
    if product.status != Product.Status.ACTIVE or not offers:
        return None
    best = offers[0]  # ordered by price, then id
    category = product.category
    parts = category.path.split("/")
    return {
        "product_id": product.id,
        "title": product.title,
        "title_en": product.title_en,
        "description": product.description,
        "brand": product.brand,
        "gtin": product.gtin,
        "category_id": category.id,
        "category_path": category.path,
        "category_paths": ["/".join(parts[: i + 1]) for i in range(len(parts))],
        "category_name_de": category.name_de,
        "category_name_en": category.name_en,
        "currency": best.currency,
        "min_price": best.price_amount,
        "offer_count": len(offers),
        "best_offer_id": best.id,
        "vendor_ids": sorted({o.vendor_id for o in offers}),
        "vendor_names": sorted({o.vendor.name for o in offers}),
        "conditions": sorted({o.condition for o in offers}),
        "in_stock": any(o.stock > 0 for o in offers),
        "fastest_handling_days": min(o.handling_days for o in offers),
        "created_at": product.created_at.isoformat(),
    }


def _actions(product_ids: Iterable[int], index: str) -> list[dict]:
    products = {p.id: p for p in products_with_live_offers(product_ids=product_ids)}
    actions = []
    for product_id in product_ids:
        product = products.get(product_id)
        document = product_document(product) if product else None
        if document is None:
            actions.append({"_op_type": "delete", "_index": index, "_id": product_id})
        else:
            actions.append({"_op_type": "index", "_index": index, "_id": product_id, "_source": document})
    return actions


def _bulk(actions: list[dict]) -> int:
    """Send actions; a delete of an absent document is fine, any other error raises."""
    _, errors = helpers.bulk(client(), actions, raise_on_error=False, raise_on_exception=True, refresh=False)
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
        product_index(name).create(using=engine)
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
    engine.indices.put_alias(index=name, name=products_alias())


def index_products(product_ids: Iterable[int]) -> int:
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    ensure_index()
    return _bulk(_actions(ids, products_alias()))


def handle_product_changed(events: list[OutboxEvent]) -> None:
    """Outbox handler: re-summarise each changed product from the database (idempotent)."""
    index_products(event.payload["product_id"] for event in events)


@dataclass
class ReindexReport:
    index: str
    documents: int
    removed_indices: list[str]


def search_reindex(*, batch_size: int = 500, progress: Callable[[int], None] | None = None) -> ReindexReport:
    """Build a new versioned index, check it, swap the alias atomically, drop the old index.

    Search keeps serving from the old index until the swap. Changes committed while the build
    runs still go to the old index through the outbox; they are replayed onto the new one
    after the swap, so none is lost.
    """
    engine = client()
    alias = products_alias()
    started = timezone.now()
    name = f"{alias}-{started:%Y%m%d%H%M%S%f}"
    product_index(name).create(using=engine)
    ids = list(product_ids_all())
    expected = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        actions = [a for a in _actions(chunk, name) if a["_op_type"] == "index"]
        if actions:
            _bulk(actions)
        expected += len(actions)
        if progress:
            progress(len(chunk))
    engine.indices.refresh(index=name)
    count = engine.count(index=name)["count"]
    if count != expected:
        engine.indices.delete(index=name)
        raise RuntimeError(f"Reindex incomplete: {count} documents in {name}, expected {expected}; alias left unchanged")
    try:
        old = sorted(engine.indices.get_alias(name=alias))
    except NotFoundError:
        old = []
    swap = [{"remove": {"index": old_name, "alias": alias}} for old_name in old] + [{"add": {"index": name, "alias": alias}}]
    if client().indices.exists(index=alias) and not old:
        # A concrete index squats the alias name (made by hand or an old version): replace it.
        engine.indices.delete(index=alias)
    engine.indices.update_aliases(body={"actions": swap})
    for old_name in old:
        engine.indices.delete(index=old_name, ignore_unavailable=True)
    changed = OutboxEvent.objects.filter(topic=PRODUCT_CHANGED, created_at__gte=started).values_list("payload__product_id", flat=True)
    index_products(pid for pid in changed if pid is not None)
    return ReindexReport(index=name, documents=count, removed_indices=old)


def index_refresh() -> None:
    client().indices.refresh(index=products_alias())
