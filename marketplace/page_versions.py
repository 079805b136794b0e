"""Version tokens of what cached pages show, in the shared cache.

A cached page or fragment puts the tokens of everything it shows into its cache key
(``versions_get``); whoever changes that data replaces the tokens (``versions_bump``), so the next
request misses and renders afresh, while the old entries simply expire. The search index's outbox
consumer bumps a product's token (and the catalogue's) once the product's new state is indexed,
the same event that makes search show it; category changes bump ``CATEGORIES``.

A token is random, never a counter: a token the cache evicted comes back as a new value, so a page
cached under the old one is never served again by mistake.
"""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache

CATALOG = "catalog"  # any product's listing (home page, search pages)
CATEGORIES = "categories"  # the category tree (navigation)
TOKEN_SECONDS = 7 * 24 * 3600


def product_version_name(product_id: int) -> str:
    return f"product:{product_id}"


def _key(name: str) -> str:
    return f"page_version:{name}"


def versions_get(names: list[str]) -> str:
    """The current tokens of ``names``, joined (one cache round trip; missing ones are created)."""
    return versions_get_with(names, None)[0]


def versions_get_with(names: list[str], key: str | None):
    """``(versions_get(names), cache.get(key))`` in one cache round trip: a cached page stored
    with the tokens it was built under is checked against the current ones without a second one."""
    keys = [_key(name) for name in names]
    found = cache.get_many([*keys, key] if key is not None else keys)
    value = found.pop(key, None) if key is not None else None
    missing = {k: uuid4().hex[:12] for k in keys if k not in found}
    if missing:
        cache.set_many(missing, TOKEN_SECONDS)
        found.update(missing)
    return ".".join(found[k] for k in keys), value


def versions_bump(names) -> None:
    names = list(names)
    if names:
        cache.set_many({_key(name): uuid4().hex[:12] for name in names}, TOKEN_SECONDS)


def products_changed(product_ids) -> None:
    """Pages showing these products (their own page, listings) are out of date."""
    versions_bump([CATALOG, *(product_version_name(pid) for pid in sorted(set(product_ids)))])


def categories_changed(**kwargs) -> None:
    """Signal receiver (marketplace.apps): the category tree changed, so navigation and listings
    are out of date. Bumped at once (this transaction's own next read misses) and again after
    commit (a read by another request in between may have cached the old tree)."""
    from django.db import transaction

    versions_bump([CATEGORIES, CATALOG])
    transaction.on_commit(lambda: versions_bump([CATEGORIES, CATALOG]))
