"""Wishlist button (product page) and the "for you" stream (home page)."""

from django import template

from buyers.wishlists import selectors, services

register = template.Library()


@register.inclusion_tag("storefront/wishlists/_button.html", takes_context=True)
def wishlist_button(context, product):
    request = context["request"]
    return {
        "product": product,
        "on_wishlist": product.id in selectors.wishlist_product_ids(user=request.user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "user": request.user,
    }


@register.inclusion_tag("storefront/wishlists/_for_you.html", takes_context=True)
def for_you_stream(context):
    """Renders the stream the view computed (``for_you`` in its context, see for_you_data);
    computes it here only for a template whose view did not."""
    return context.get("for_you") or for_you_data(context["request"])


def for_you_data(request) -> dict:
    """The "for you" stream and the recently viewed products, computed in the view, not the template."""
    session_ids = request.session.get(services.SESSION_KEY, [])
    return {
        "stream": selectors.for_you_stream(user=request.user, session_ids=session_ids),
        "recently_viewed": selectors.recently_viewed(user=request.user, session_ids=session_ids, limit=4),
    }
