"""Rows (and a search index) built once per test module instead of once per test.

``module_world(django_db_blocker, build)`` runs ``build()`` in a transaction that stays open for
the module: each test runs in a savepoint of it and is rolled back as usual, and the whole world
is rolled back after the module. With ``indexed=True`` the world is built under a search index
prefix of the module's own (deleted afterwards), so what ``build`` delivers is indexed once.

``indexed_world(request, settings, world)`` gives one test the module's index, read-only: a test
that changes it fails unless marked ``@pytest.mark.corpus_writes``; a marked test (and every test
after an unmarked one that changed it) gets the same rows indexed into an index of its own.

Use them from a module-scoped fixture and a function-scoped one that names it as a parameter (so
the module's transaction is opened before the test's own savepoint), as tests/search/conftest.py
does for the search corpus.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import transaction

from search.engine import client as search_client
from search.indexing import index_products, index_refresh


def index_fingerprint(engine, prefix: str) -> str:
    """What a test could change in the indices under ``prefix``: their names, settings (synonyms),
    mappings, aliases, and how many index and delete operations they have seen."""
    pattern = f"{prefix}-*"
    indices = engine.indices.get(index=pattern, ignore_unavailable=True, allow_no_indices=True)
    stats = engine.indices.stats(index=pattern, metric="indexing,docs")
    operations = {
        name: (
            s["primaries"]["indexing"]["index_total"],
            s["primaries"]["indexing"]["delete_total"],
            s["primaries"]["docs"]["count"],
        )
        for name, s in stats.get("indices", {}).items()
    }
    return json.dumps({"indices": indices, "operations": operations}, sort_keys=True, default=str)


def delete_indices(engine, prefix: str) -> None:
    for name in engine.indices.get(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True):
        engine.indices.delete(index=name)


@contextmanager
def module_world(django_db_blocker, build: Callable[[], object], *, indexed: bool = False):
    """Yields ``{"data": build(), "prefix", "products", "fingerprint", "spoiled"}`` (see the module)."""
    from django.conf import settings

    from vendors.models import Product

    prefix = f"test-{uuid.uuid4().hex[:12]}" if indexed else None
    previous = settings.OPENSEARCH_INDEX_PREFIX
    engine = search_client() if indexed else None
    module_transaction = transaction.atomic()
    try:
        with django_db_blocker.unblock():
            module_transaction.__enter__()
            if prefix:
                settings.OPENSEARCH_INDEX_PREFIX = prefix
            try:
                data = build()
                products = list(Product.objects.order_by("id").values_list("id", flat=True))
            except BaseException:
                transaction.set_rollback(True)
                module_transaction.__exit__(None, None, None)
                raise
            finally:
                settings.OPENSEARCH_INDEX_PREFIX = previous
        fingerprint = index_fingerprint(engine, prefix) if indexed else None
        try:
            yield {"data": data, "prefix": prefix, "products": products, "fingerprint": fingerprint, "spoiled": False}
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                module_transaction.__exit__(None, None, None)
    finally:
        if indexed:
            delete_indices(engine, prefix)


def indexed_world(request, settings, world: dict):
    """One test's copy of an indexed module world's data (see the module)."""
    request.getfixturevalue("db")  # this test's savepoint inside the module's transaction
    if request.node.get_closest_marker("corpus_writes") or world["spoiled"]:
        # The same rows, indexed in one bulk, in this test's own index.
        request.getfixturevalue("search_index")
        index_products(world["products"])
        index_refresh()
        return copy.deepcopy(world["data"])
    settings.OPENSEARCH_INDEX_PREFIX = world["prefix"]
    engine = search_client()

    def unchanged():
        if index_fingerprint(engine, world["prefix"]) != world["fingerprint"]:
            world["spoiled"] = True  # the module's later tests build their own index
            pytest.fail("this test changed the module's shared search index: mark it @pytest.mark.corpus_writes")

    request.addfinalizer(unchanged)
    return copy.deepcopy(world["data"])  # model instances a test may change in memory
