"""htmx helpers: one view answers both a full page and, for htmx requests, just the part that changed.

    def cart(request):
        ...
        return render_page_or_partial(request, "storefront/cart.html", "storefront/_cart_lines.html", context)

Without JavaScript (or on a history restore, where htmx wants the whole page) the full page is
rendered; with ``HX-Request`` only the partial. ``Vary: HX-Request`` keeps caches from serving one
for the other. ``request.htmx`` comes from django-htmx's middleware (settings.MIDDLEWARE).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def render_page_or_partial(
    request, page_template: str, partial_template: str, context: dict | None = None, *, status: int = 200
):
    template = partial_template if wants_partial(request) else page_template
    response = render(request, template, context or {}, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response
