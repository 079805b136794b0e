"""Reads the storefront pages need that no other app offers yet."""
from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vendors.models import Offer, Product
from vendors.selectors import LIVE_OFFER


def product_detail(*, product_id: int) -> Product:
    """An active product with its live offers (cheapest first) prefetched as ``live_offers``.

    Missing and blocked products are both a 404.
    """
    live = Offer.objects.filter(LIVE_OFFER).select_related("vendor").order_by("price_amount", "handling_days", "id")
    product = (
        Product.objects.filter(id=product_id, status=Product.Status.ACTIVE)
        .select_related("category", "category__parent")
        .prefetch_related(Prefetch("offers", queryset=live, to_attr="live_offers"), "images")
        .first()
    )
    if product is None:
        raise Http404("No such product.")
    return product












def sitemap_products() -> QuerySet[Product]:
    """Active products a buyer can buy now (at least one live offer), for the sitemap."""
    return (
        Product.objects.filter(status=Product.Status.ACTIVE, id__in=Offer.objects.filter(LIVE_OFFER).values("product_id"))
        .only("id", "updated_at")
        .order_by("id")
    )
