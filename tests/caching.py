"""Clearing the cache in tests without touching other xdist workers' keys."""

from django.conf import settings
from django.core.cache import cache


def clear_own_cache() -> None:
    """Delete this worker's keys only (its KEY_PREFIX, settings_test): with the shared Redis cache
    ``cache.clear()`` would flush every worker's rate-limit counters and cached pages. Raw Redis
    keys under the same prefix (the product-view counters, vendors.product_views) go too."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
        from django_redis import get_redis_connection

        redis = get_redis_connection("default")
        for key in redis.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*"):
            redis.delete(key)
    else:
        cache.clear()
