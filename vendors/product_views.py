"""Product page views per product and day, for the sellers' conversion (views -> orders).

The page view only increments a counter in Redis (``HINCRBY`` on one hash per day, one round trip,
no database write on the page's path); ``product_views_flush`` (a beat task every 5 minutes) moves
the counts into ``ProductViewDay`` rows. The flush renames a day's hash before reading it, so views
counted meanwhile go to a fresh hash and none is lost; a renamed hash whose rows were not written
(a crash) is picked up by the next flush. Deleting it after the commit makes delivery at least once:
a crash between the two can count one batch twice, never lose it.

Without Redis (``make run``'s embedded mode, a local memory cache) there is no shared counter to
flush, so the view is added to its row directly: a demo has no hot path to protect.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from vendors.models import Product, ProductViewDay

log = logging.getLogger(__name__)
KEEP_SECONDS = 8 * 24 * 3600  # an unflushed day's counts outlive a week of flush failures


def _redis():
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _key(day: date) -> str:
    return f"{settings.CACHE_KEY_PREFIX}:product-views:{day.isoformat()}"


def _add(counts: dict[tuple[int, date], int]) -> None:
    """Add view counts to their rows (created at 0 when missing)."""
    existing = set(Product.objects.filter(id__in={pid for pid, _day in counts}).values_list("id", flat=True))
    for (product_id, day), views in sorted(counts.items()):
        if product_id not in existing or views <= 0:
            continue  # a product deleted since
        ProductViewDay.objects.get_or_create(product_id=product_id, day=day)
        ProductViewDay.objects.filter(product_id=product_id, day=day).update(views=F("views") + views)


def product_view_count(product_id: int) -> None:
    """Count one view of a product page. Never raises: a lost count must not break the page."""
    day = timezone.localdate()
    try:
        redis = _redis()
        if redis is None:
            with transaction.atomic():
                _add({(product_id, day): 1})
            return
        with redis.pipeline(transaction=False) as pipe:
            pipe.hincrby(_key(day), str(product_id), 1)
            pipe.expire(_key(day), KEEP_SECONDS)
            pipe.execute()
    except Exception:  # noqa: BLE001 - counting is best effort, the page is not
        log.warning("product view of %s not counted", product_id, exc_info=True)


def product_views_flush() -> int:
    """Move the counted views into ``ProductViewDay``; returns how many views were added."""
    redis = _redis()
    if redis is None:
        return 0
    prefix = f"{settings.CACHE_KEY_PREFIX}:product-views:"
    added = 0
    for raw in list(redis.scan_iter(match=f"{prefix}*")):
        key = raw.decode() if isinstance(raw, bytes) else raw
        rest = key[len(prefix) :]
        if ":flushing:" in rest:
            taken = key  # left over by a flush that did not finish
            day = date.fromisoformat(rest.split(":flushing:")[0])
        else:
            day = date.fromisoformat(rest)
            taken = f"{key}:flushing:{uuid.uuid4().hex}"
            try:
                redis.rename(key, taken)
            except Exception:  # noqa: BLE001 - gone meanwhile (another flush took it)
                continue
        counts = {(int(pid), day): int(n) for pid, n in redis.hgetall(taken).items()}
        with transaction.atomic():
            _add(counts)
        redis.delete(taken)
        added += sum(counts.values())
    return added


def product_views(*, product_ids, date_from: date, date_to: date) -> int:
    """Views of these products' pages between the two days (both included), as flushed."""
    found = ProductViewDay.objects.filter(product_id__in=product_ids, day__gte=date_from, day__lte=date_to).aggregate(
        n=Sum("views")
    )
    return found["n"] or 0
