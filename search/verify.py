"""Compare the index with the database and repair drift (``manage.py search_verify``).

The outbox makes drift unlikely, but not impossible: an index restored from a snapshot, a
document written by hand, a bug. Each product's expected document is rebuilt from the database
and its content hash compared with the one stored in the index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from opensearchpy import helpers

from search.build import content_hash, product_documents
from search.engine import client, products_alias
from search.indexing import bulk_write, ensure_index
from vendors.selectors import product_ids_all


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[int] = field(default_factory=list)  # for sale, not in the index
    stale: list[int] = field(default_factory=list)  # in the index with other content
    extra: list[int] = field(default_factory=list)  # in the index, not for sale
    repaired: bool = False

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def _indexed_hashes() -> dict[int, str]:
    """Hash of each indexed document as it is now (not the stored hash: the document may have
    been changed behind our back)."""
    hits = helpers.scan(
        client(), index=products_alias(), query={"query": {"match_all": {}}}, size=1000, preserve_order=False
    )
    return {int(hit["_id"]): content_hash(hit["_source"]) for hit in hits}


def search_verify(
    *, repair: bool = True, batch_size: int = 1000, progress: Callable[[int], None] | None = None
) -> VerifyReport:
    ensure_index()
    client().indices.refresh(index=products_alias())
    indexed = _indexed_hashes()
    report = VerifyReport()
    ids = list(product_ids_all())
    actions = []
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        for product_id, document in product_documents(chunk).items():
            report.checked += 1
            stored = indexed.pop(product_id, False)
            if document is None:
                if stored is not False:
                    report.extra.append(product_id)
            elif stored is False:
                report.missing.append(product_id)
            elif stored != document["content_hash"]:
                report.stale.append(product_id)
            else:
                continue
            if document is None:
                actions.append({"_op_type": "delete", "_index": products_alias(), "_id": product_id})
            else:
                actions.append(
                    {"_op_type": "index", "_index": products_alias(), "_id": product_id, "_source": document}
                )
        if progress:
            progress(len(chunk))
    # Left over: documents of products the database does not have at all.
    for product_id in sorted(indexed):
        report.extra.append(product_id)
        actions.append({"_op_type": "delete", "_index": products_alias(), "_id": product_id})
    if repair and actions:
        bulk_write(actions)
        client().indices.refresh(index=products_alias())
        report.repaired = True
    return report
