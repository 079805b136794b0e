"""Whole storefront pages cached for anonymous visitors, per language (issue 20).

A visitor who is not signed in, has no session (no cart, no history kept with their consent) and
no pending message sees the same page as every such visitor in the same language. That HTML is
cached under a key made of the language, the full path and the cookie-consent choice (the banner),
together with the version tokens of what the page shows (marketplace.page_versions), read in the
same cache round trip: a change delivered by the outbox replaces a token, so the next request finds
the stored tokens out of date and renders afresh. The CSRF token is the one per-visitor part: the
page is rendered with a placeholder in its place, and each answer gets the visitor's own token.

Views stay thin: ``cached_page(request, name, versions, build)`` where ``build(extra_context)``
renders the page with ``extra_context`` added to its context.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from marketplace.page_versions import CATEGORIES, versions_get, versions_get_with
from marketplace.selectors import category_list

CSRF_PLACEHOLDER = "csrf-placeholder-7c1d0e5a"
PAGE_SECONDS = 600
LISTING_SECONDS = 60  # pages built from the search engine see an update only after its refresh


def cacheable(request) -> bool:
    """Anonymous, stateless GET requests only; everybody else gets the page rendered for them."""
    return (
        settings.STOREFRONT_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.headers.get("HX-Request")
        and not request.user.is_authenticated
    )


def _key(request, name: str) -> str:
    consent = request.COOKIES.get(settings.COOKIE_CONSENT_COOKIE, "")
    varies = hashlib.sha256(f"{request.get_full_path()}\n{consent}".encode()).hexdigest()[:32]
    return f"page:{name}:{get_language()}:{varies}"


def cached_page(
    request, name: str, versions: list[str], build, *, seconds: int = PAGE_SECONDS, on_hit=None
) -> HttpResponse:
    """The page from the cache, or ``build(extra_context)`` rendered and cached. ``on_hit()`` runs
    for answers from the cache (what the view does besides rendering, e.g. recording the view).
    A response with ``page_cache_skip = True`` is answered but not cached."""
    if not cacheable(request):
        return build({})
    key = _key(request, name)
    tokens, stored = versions_get_with(versions, key)  # one round trip for the page and its tokens
    hit = stored[1:] if stored is not None and stored[0] == tokens else None
    state = "hit"
    if hit is None:
        response = build({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200 or response.streaming or getattr(response, "page_cache_skip", False):
            return _with_token(request, response)
        hit = (response.content.decode(response.charset), response["Content-Type"])
        cache.set(key, (tokens, *hit), seconds)
        state = "miss"
    elif on_hit is not None:
        on_hit()
    content, content_type = hit
    response = HttpResponse(content.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)
    response["X-Page-Cache"] = state
    patch_vary_headers(response, ("HX-Request",))  # as frontend.common.htmx answers pages
    return response


def _with_token(request, response):
    if CSRF_PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return response


CATEGORY_SECONDS = 3600


def category_navigation() -> list:
    """The category tree (``marketplace.selectors.category_list``) as a cached fragment of data:
    read once per change of the tree (its version token), not on every page."""
    key = f"category_navigation:{versions_get([CATEGORIES])}"
    categories = cache.get(key)
    if categories is None:
        categories = list(category_list())
        cache.set(key, categories, CATEGORY_SECONDS)
    return categories
