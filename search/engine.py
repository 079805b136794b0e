"""The only module that connects to the search engine (OpenSearch)."""
from functools import lru_cache

from django.conf import settings
from opensearchpy import OpenSearch


@lru_cache(maxsize=4)
def _client(url: str, timeout: float) -> OpenSearch:
    # pool_maxsize: the reindex sends bulk requests from two threads, web workers search from several.
    return OpenSearch(hosts=[url], timeout=timeout, max_retries=2, retry_on_timeout=True, pool_maxsize=16)


def client() -> OpenSearch:
    return _client(settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT)


def products_alias() -> str:
    """The alias every reader and writer uses; the concrete index behind it is versioned."""
    return f"{settings.OPENSEARCH_INDEX_PREFIX}-products"
