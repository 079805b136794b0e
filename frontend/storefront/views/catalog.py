"""Catalogue pages: home, search (with a database fallback when the engine is away), product page.
Views parse input, call selectors/services, render; no domain logic."""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from opensearchpy.exceptions import TransportError as SearchTransportError

from buyers.addons.service_offers import service_offers_for_product
from frontend.common.errors import add_domain_error
from frontend.common.htmx import render_page_or_partial, wants_partial
from frontend.storefront import selectors
from frontend.storefront.facets import facet_groups
from frontend.storefront.forms.search import SearchForm
from frontend.storefront.page_cache import LISTING_SECONDS, cached_page, category_navigation
from frontend.storefront.structured_data import json_ld_script, product_json_ld
from frontend.storefront.templatetags.wishlist_tags import for_you_data
from frontend.storefront.views.wishlists import record_product_view
from marketplace.errors import DomainError, NotFound
from marketplace.page_versions import CATALOG, CATEGORIES, product_version_name, versions_get
from search import services as search_services
from search.selectors import (
    MAX_WINDOW,
    bought_together,
    product_listing_from_database,
    product_search,
    product_search_or_correction,
    search_filters,
    similar_products,
)
from vendors.services.compliance import product_safety_of
from vendors.variant_choice import variant_choice

logger = logging.getLogger(__name__)

SEARCH_UNAVAILABLE = (SearchConnectionError, SearchTransportError)
SEARCH_PAGE_SIZE = 24


# --- Storefront -------------------------------------------------------------------------


@require_GET
def home(request):
    return cached_page(
        request, "home", [CATALOG, CATEGORIES], lambda extra: _home(request, extra), seconds=LISTING_SECONDS
    )


def _home(request, extra: dict):
    categories = category_navigation()  # cached until the tree changes
    featured, search_unavailable = [], False
    try:
        featured = product_search(size=12, sort="newest").hits
    except SEARCH_UNAVAILABLE:
        # The shop stays open: newest products straight from the database, with a notice.
        logger.warning("Search engine unavailable for the home page", exc_info=True)
        search_unavailable = True
        featured = product_listing_from_database(size=12, sort="newest").hits
    response = render(
        request,
        "storefront/home.html",
        {
            "categories": categories,
            "featured": featured,
            "search_unavailable": search_unavailable,
            "search_form": SearchForm(categories=categories),
            "for_you": for_you_data(request),  # computed here, not inside the template
            **extra,
        },
    )
    response.page_cache_skip = search_unavailable  # the fallback is not kept once the engine is back
    return response


@require_GET
def search(request):
    return cached_page(
        request, "search", [CATALOG, CATEGORIES], lambda extra: _search(request, extra), seconds=LISTING_SECONDS
    )


def _search(request, extra: dict):
    categories = category_navigation()  # cached until the tree changes
    form = SearchForm(request.GET, categories=categories)
    context = {"search_form": form, "categories": categories, "result": None, "search_unavailable": False, **extra}
    skip_cache = False
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                # The API's filters (search.selectors.search_filters): one query builder for both.
                # Nothing found: the results of "did you mean"'s correction, if it finds any.
                result = product_search_or_correction(
                    query=data["q"],
                    filters=search_filters(form.search_parameters()),
                    page=data["page"],
                    size=SEARCH_PAGE_SIZE,
                    sort=data["sort"],
                    facet_sizes=form.facet_sizes(),
                    highlight="none",  # the cards show no marked words
                )
                if (result.total == 0 or result.corrected_query) and data["q"].strip():
                    search_services.zero_result_query_record(query=data["q"], suggestion=result.suggestion)
                    skip_cache = True  # each such search is counted
            except SEARCH_UNAVAILABLE:
                # A plainer listing from the database, with a notice, instead of an error page.
                logger.warning("Search engine unavailable for a search", exc_info=True)
                context["search_unavailable"] = True
                result = product_listing_from_database(
                    query=data["q"],
                    category=data["category"],
                    page=data["page"],
                    size=SEARCH_PAGE_SIZE,
                    sort=data["sort"],
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            num_pages = max(1, min(math.ceil(result.total / result.size), MAX_WINDOW // result.size))
            by_path = {category.path: category for category in categories}
            context.update(
                result=result,
                num_pages=num_pages,
                # A Page of the result window for the pagination component (the engine pages, not Django).
                pages=Paginator(range(num_pages * result.size), result.size).get_page(result.page),
                category_facets=[
                    (by_path.get(facet.value), facet)
                    for facet in result.facets.get("category", [])
                    if facet.value in by_path
                ],
                facet_groups=[] if result.degraded else facet_groups(result, form, request.GET),
                filter_count=form.active_filter_count(),
                selected_category=next((c for c in categories if c.id == data["category"]), None),
                query=data["q"],
                kept_params=[
                    (key, value)
                    for key, values in request.GET.lists()
                    if key not in ("sort", "page")
                    for value in values
                ],
            )
    if form.errors:
        # A plain request answers 400; htmx swaps no 4xx answer, so its partial (with the error
        # summary) comes as 200.
        status = 200 if wants_partial(request) else 400
    # htmx (a filter changed): only the results and the filters, the URL pushed by the page.
    response = render_page_or_partial(
        request, "storefront/search.html", "storefront/_search_partial.html", context, status=status
    )
    response.page_cache_skip = skip_cache or context["search_unavailable"]
    return response


@require_GET
def product(request, product_id: int):
    return cached_page(
        request,
        "product",
        [product_version_name(product_id), CATEGORIES],
        lambda extra: _product(request, product_id, extra),
        on_hit=lambda: record_product_view(request, product_id),
    )


def _product(request, product_id: int, extra: dict):
    item = selectors.product_detail(product_id=product_id)
    record_product_view(request, item.id)  # recently viewed and the "for you" stream (buyers.wishlists)
    url = request.build_absolute_uri(reverse("frontend:product", args=[item.id]))
    country = selectors.buyer_country(request.user)
    # Variants: the one in the URL (?variant=), else the cheapest one in stock; only its offers.
    in_stock = [offer for offer in item.live_offers if offer.stock > 0 and offer.variant_id]
    choice = (  # no selector while no offer names a variant (offers made before the variants existed)
        variant_choice(
            product=item,
            requested=request.GET.get("variant"),
            available_ids={offer.variant_id for offer in in_stock},
            default_id=in_stock[0].variant_id if in_stock else None,
        )
        if any(offer.variant_id for offer in item.live_offers)
        else None
    )
    offers = selectors.product_offers(  # the buy box's featured offer first
        product=item, country=country, variant_id=choice.selected.id if choice else None
    )
    gallery = sorted(item.images.all(), key=lambda i: (not i.is_main, i.position, i.id))
    pictures = [request.build_absolute_uri(image.image.url) for image in gallery]
    structured = json_ld_script(
        product_json_ld(product=item, offers=[row.offer for row in offers], url=url, images=pictures)
    )
    quantity = selectors.product_unit_quantity(product=item)
    for row in offers:  # Grundpreis of each offer, where the product's quantity allows one
        row.unit_price = quantity.unit_price(row.offer.price) if quantity else None
    featured = offers[0] if offers and offers[0].featured else None
    addons = (  # warranty, protection, assembly: chosen with the featured offer (or later in the cart)
        [
            service
            for service in service_offers_for_product(product_id=item.id)
            if service.currency == featured.offer.currency and service.provider.can_sell
        ]
        if featured
        else []
    )
    return render(
        request,
        "storefront/product.html",
        {
            "product": item,
            "offers": offers,
            "featured": featured,
            "other_offers": offers[1:] if featured else offers,
            "country": country,
            "unit_quantity": quantity,
            "structured_data": structured,
            "canonical_url": url,
            "breadcrumbs": _breadcrumbs(item),
            "gallery": gallery,
            "safety": product_safety_of(item.id),
            "variant_choice": choice,
            "addons": addons,
            **_recommendations(item),
            **extra,
        },
    )


def _breadcrumbs(item) -> list[tuple[str, str]]:
    """Shop > parent category > category > the product (the current page)."""
    search_url = reverse("frontend:search")
    crumbs = [(gettext("Shop"), reverse("frontend:home"))]
    category = item.category
    if category.parent_id:
        crumbs.append((category.parent.name, f"{search_url}?category={category.parent.id}"))
    crumbs.append((category.name, f"{search_url}?category={category.id}"))
    crumbs.append((item.display_title, ""))
    return crumbs


RECOMMENDATIONS = 4


RECOMMENDATIONS_SECONDS = 300


def _recommendations(item) -> dict:
    """Similar products and products bought together; the product page stays up without them.

    Computed here, not in the template, and cached per product and language for every visitor
    (signed in or not) until the product changes (its version token) or for a few minutes."""
    if not item.live_offers:
        return {"similar": [], "bought_together": []}  # the selectors answer only for products on sale
    key = f"recommendations:{item.id}:{get_language()}:{versions_get([product_version_name(item.id)])}"
    found = cache.get(key) if settings.STOREFRONT_PAGE_CACHE else None
    if found is not None:
        return found
    try:
        # The selectors' own default length, cut here: their size argument is being renamed.
        found = {
            "similar": similar_products(product_id=item.id)[:RECOMMENDATIONS],
            "bought_together": bought_together(product_id=item.id)[:RECOMMENDATIONS],
        }
    except (NotFound, *SEARCH_UNAVAILABLE):
        # Not indexed yet, or the engine is away: recommendations are a nice-to-have.
        logger.warning("No recommendations for product %s", item.id, exc_info=True)
        return {"similar": [], "bought_together": []}
    cache.set(key, found, RECOMMENDATIONS_SECONDS)
    return found


# --- Cart, checkout, orders -------------------------------------------------------------


# --- Seller portal ----------------------------------------------------------------------


# --- Operator console -------------------------------------------------------------------
