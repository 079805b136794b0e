"""Clearing the cache in tests without touching other xdist workers' keys."""

from django.core.cache import cache


def clear_own_cache() -> None:
    """Delete this worker's keys only (its KEY_PREFIX, settings_test): with the shared Redis cache
    ``cache.clear()`` would flush every worker's rate-limit counters and cached pages."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
