"""Review blocks for pages other features own: one include line each on the product page
(``{% product_reviews product %}``) and the public seller page (``{% seller_rating vendor %}``)."""

from django import template
from django.core.paginator import Paginator

from buyers.reviews import selectors
from buyers.reviews.reports import report_categories

register = template.Library()
PAGE_SIZE = 10


def _page(context, queryset):
    request = context.get("request")
    raw = request.GET.get("reviews_page", "1") if request else "1"
    return Paginator(queryset, PAGE_SIZE).get_page(raw)


def _options(context) -> dict:
    request = context.get("request")
    sort = request.GET.get("reviews_sort", "helpful") if request else "helpful"
    return {"sort": sort if sort in selectors.SORTS else "helpful"}


@register.inclusion_tag("storefront/reviews/product_block.html", takes_context=True)
def product_reviews(context, product):
    request = context.get("request")
    options = _options(context)
    reviews = selectors.review_list_public(product_id=product.id, user=getattr(request, "user", None), **options)
    return {
        "request": request,
        "product": product,
        "summary": selectors.product_rating_summary(product_id=product.id),
        "page": _page(context, reviews),
        "sort": options["sort"],
        "sorts": list(selectors.SORTS),
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "report_categories": report_categories(),
    }


@register.inclusion_tag("storefront/reviews/seller_block.html", takes_context=True)
def seller_rating(context, vendor):
    request = context.get("request")
    options = _options(context)
    ratings = selectors.review_list_public(vendor_id=vendor.id, user=getattr(request, "user", None), **options)
    return {
        "request": request,
        "vendor": vendor,
        "summary": selectors.seller_rating_summary(vendor_id=vendor.id),
        "page": _page(context, ratings),
        "sort": options["sort"],
        "sorts": list(selectors.SORTS),
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "report_categories": report_categories(),
    }


@register.inclusion_tag("common/reviews/stars.html")
def stars(value, count=None):
    """Stars as text and as a picture of filled/empty stars (value: int or the display Decimal)."""
    filled = int(round(float(value or 0)))
    return {"value": value, "filled": range(filled), "empty": range(5 - filled), "count": count}


@register.inclusion_tag("storefront/reviews/order_part.html", takes_context=True)
def order_part_reviews(context, order, part):
    """On the buyer's order page: per delivered line a link to review it, and one to rate the seller."""
    request = context.get("request")
    delivered = part.status == "delivered" and part.delivered_at is not None
    reviewed_lines, rated_parts = (
        selectors.reviewed_for_parts(buyer=request.user, vendor_order_ids=[part.id]) if delivered else (set(), set())
    )
    return {
        "order": order,
        "part": part,
        "delivered": delivered,
        "lines": list(part.lines.all()),
        "reviewed_lines": reviewed_lines,
        "rated": part.id in rated_parts,
    }
