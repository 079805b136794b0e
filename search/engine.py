"""The only module that connects to the search engine (OpenSearch)."""

from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from marketplace.errors import ServiceUnavailable

# Seconds a client should wait before asking again when search is away.
RETRY_AFTER = 30


@lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> OpenSearch:
    # pool_maxsize: the reindex sends bulk requests from two threads, web workers search from several.
    # Several comma-separated URLs: the nodes of a cluster. The client spreads requests over them
    # and, when one does not answer, marks it dead for a while and retries on the next.
    hosts = [part.strip() for part in url.split(",") if part.strip()]
    return OpenSearch(
        hosts=hosts,
        timeout=timeout,
        max_retries=max(2, len(hosts)),
        retry_on_timeout=True,
        pool_maxsize=16,
        dead_timeout=5,
    )


def client() -> OpenSearch:
    return _client(settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT)


def products_alias() -> str:
    """The alias every reader and writer uses; the concrete index behind it is versioned."""
    return f"{settings.OPENSEARCH_INDEX_PREFIX}-products"


def unavailable_error(exc: Exception) -> ServiceUnavailable | None:
    """The engine away, overloaded, or the alias missing (not built yet, or mid-rebuild) as a 503
    with a retry hint; None for anything else (a query we built wrongly stays a 500).
    Registered with the API's exception handler (search.apps)."""
    missing_index = isinstance(exc, NotFoundError) and "index_not_found" in str(getattr(exc, "error", "") or exc)
    busy = isinstance(exc, TransportError) and getattr(exc, "status_code", None) in (429, 502, 503, 504)
    if isinstance(exc, EngineConnectionError) or missing_index or busy:
        return ServiceUnavailable(
            _("Search is unavailable for a moment; try again shortly."),
            retry_after=RETRY_AFTER,
            code="search_unavailable",
        )
    return None
