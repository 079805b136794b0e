"""Wishlist pages and the product-view recording behind "recently viewed" and "for you"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers.consent import consent_of
from buyers.wishlists import selectors, services
from frontend.common.access import safe_next
from marketplace.errors import DomainError, NotFound
from vendors.product_views import product_view_count

PREFERENCES = "preferences"  # the cookie category (settings.COOKIE_CATEGORIES) recently viewed belongs to


def record_product_view(request, product_id: int) -> None:
    """Remember a product page view: stored for signed-in buyers; for guests in the session, and
    only with consent to preference cookies (browsing history is not strictly necessary, § 25
    TDDDG). A guest's earlier views move to the account the first time it views a product signed in.
    Every view also counts, anonymously, towards the sellers' conversion (``vendors.product_views``:
    a Redis counter, no database write here)."""
    product_view_count(product_id)
    ids = services.session_views_add(request.session.get(services.SESSION_KEY, []), product_id)
    if request.user.is_authenticated:
        services.recently_viewed_record(user=request.user, product_ids=ids)
        if services.SESSION_KEY in request.session:
            del request.session[services.SESSION_KEY]
        return
    consent = consent_of(request)
    if consent is not None and PREFERENCES in consent.categories:
        request.session[services.SESSION_KEY] = ids


@login_required
@require_GET
def wishlist(request):
    return render(
        request,
        "storefront/wishlists/wishlist.html",
        {
            "rows": selectors.wishlist_rows(user=request.user),
            "recently_viewed": selectors.recently_viewed(user=request.user),
        },
    )


@require_POST
def wishlist_add(request):
    back = safe_next(request, reverse("frontend:wishlist"))
    if not request.user.is_authenticated:
        messages.info(request, _("Please log in to keep a wishlist."))
        return redirect_to_login(back)
    raw = request.POST.get("product", "")
    if not raw.isdigit():
        messages.error(request, _("Choose a product to remember."))
        return redirect(back)
    try:
        services.wishlist_item_add(user=request.user, product_id=int(raw))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("On your wishlist. We tell you when the price drops or it is back in stock."))
    return redirect(back)


@login_required
@require_POST
def wishlist_remove(request, product_id: int):
    try:
        services.wishlist_item_remove(user=request.user, product_id=product_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Removed from your wishlist."))
    return redirect(safe_next(request, reverse("frontend:wishlist")))
