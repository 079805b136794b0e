"""Server-rendered pages. Views parse input, call selectors/services, render; no domain logic."""
from __future__ import annotations

import logging
import math
import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from opensearchpy.exceptions import ConnectionError as SearchConnectionError
from opensearchpy.exceptions import TransportError as SearchTransportError

from buyers import selectors as buyer_selectors
from buyers import services as buyer_services
from frontend import selectors
from frontend.structured_data import json_ld_script, product_json_ld
from frontend.seller_access import not_a_member as _not_a_member
from frontend.seller_access import requested_vendor_id as _requested_vendor_id
from frontend.seller_access import seller_page
from frontend.forms import CartAddForm, CartItemUpdateForm, CheckoutForm, OfferUpdateForm, SearchForm
from frontend.forms_loyalty import CheckoutExtrasForm
from marketplace.errors import DomainError, NotFound
from marketplace.selectors import category_list
from search import services as search_services
from search.selectors import (
    MAX_WINDOW, bought_together, did_you_mean, product_listing_from_database, product_search, similar_products,
)
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services

logger = logging.getLogger(__name__)

SEARCH_UNAVAILABLE = (SearchConnectionError, SearchTransportError)
SEARCH_PAGE_SIZE = 24


def _add_domain_error(form, exc: DomainError) -> None:
    """Show a domain error on the field it names, else as a form-wide error."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def staff_required(view):
    """Staff only: anonymous users go to the login page, everybody else gets a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- Storefront -------------------------------------------------------------------------


@require_GET
def home(request):
    categories = list(category_list())
    featured, search_unavailable = [], False
    try:
        featured = product_search(size=12, sort="newest").hits
    except SEARCH_UNAVAILABLE:
        # The shop stays open: newest products straight from the database, with a notice.
        logger.warning("Search engine unavailable for the home page", exc_info=True)
        search_unavailable = True
        featured = product_listing_from_database(size=12, sort="newest").hits
    return render(
        request,
        "frontend/home.html",
        {
            "categories": categories,
            "featured": featured,
            "search_unavailable": search_unavailable,
            "search_form": SearchForm(categories=categories),
        },
    )


def _page_numbers(page: int, num_pages: int, around: int = 2) -> list[int | None]:
    """Page links around the current one, with the first and last page; None marks a gap."""
    wanted = {1, num_pages, *range(page - around, page + around + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= num_pages):
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@require_GET
def search(request):
    categories = list(category_list())
    form = SearchForm(request.GET, categories=categories)
    context = {"search_form": form, "categories": categories, "result": None, "search_unavailable": False}
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                result = product_search(
                    query=data["q"], category=data["category"], page=data["page"], size=SEARCH_PAGE_SIZE, sort=data["sort"]
                )
                if result.total == 0 and data["q"].strip():
                    result.suggestion = did_you_mean(query=data["q"])
                    search_services.zero_result_query_record(query=data["q"], suggestion=result.suggestion)
            except SEARCH_UNAVAILABLE:
                # A plainer listing from the database, with a notice, instead of an error page.
                logger.warning("Search engine unavailable for a search", exc_info=True)
                context["search_unavailable"] = True
                result = product_listing_from_database(
                    query=data["q"], category=data["category"], page=data["page"], size=SEARCH_PAGE_SIZE, sort=data["sort"]
                )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            num_pages = max(1, min(math.ceil(result.total / result.size), MAX_WINDOW // result.size))
            by_path = {category.path: category for category in categories}
            context.update(
                result=result,
                num_pages=num_pages,
                page_numbers=_page_numbers(result.page, num_pages),
                category_facets=[
                    (by_path.get(facet.value), facet) for facet in result.facets.get("category", []) if facet.value in by_path
                ],
                brand_facets=[facet for facet in result.facets.get("brand", []) if facet.value],
                selected_category=next((c for c in categories if c.id == data["category"]), None),
                query=data["q"],
            )
    if form.errors:
        status = 400
    return render(request, "frontend/search.html", context, status=status)


@require_GET
def product(request, product_id: int):
    item = selectors.product_detail(product_id=product_id)
    from frontend.views_wishlists import record_product_view  # that module imports this one

    record_product_view(request, item.id)  # recently viewed and the "for you" stream (buyers.wishlists)
    url = request.build_absolute_uri(reverse("frontend:product", args=[item.id]))
    structured = json_ld_script(product_json_ld(product=item, offers=item.live_offers, url=url))
    return render(request, "frontend/product.html", {"product": item, "offers": item.live_offers, "structured_data": structured,
                                                     "canonical_url": url, **_recommendations(item)})


RECOMMENDATIONS = 4


def _recommendations(item) -> dict:
    """Similar products and products bought together; the product page stays up without them."""
    if not item.live_offers:
        return {"similar": [], "bought_together": []}  # the selectors answer only for products on sale
    try:
        # The selectors' own default length, cut here: their size argument is being renamed.
        return {"similar": similar_products(product_id=item.id)[:RECOMMENDATIONS],
                "bought_together": bought_together(product_id=item.id)[:RECOMMENDATIONS]}
    except (NotFound, *SEARCH_UNAVAILABLE):
        # Not indexed yet, or the engine is away: recommendations are a nice-to-have.
        logger.warning("No recommendations for product %s", item.id, exc_info=True)
        return {"similar": [], "bought_together": []}


# --- Cart, checkout, orders -------------------------------------------------------------


@require_POST
def cart_add(request):
    back = _safe_next(request, reverse("frontend:home"))
    if not request.user.is_authenticated:
        messages.info(request, _("Please log in to fill your cart."))
        return redirect_to_login(back)
    form = CartAddForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        buyer_services.cart_item_add(
            buyer=request.user, offer_id=form.cleaned_data["offer"], quantity=form.cleaned_data["quantity"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Added to your cart."))
    return redirect("frontend:cart")


def _render_cart(request, checkout_form: CheckoutForm | None = None, status: int = 200):
    summary = buyer_selectors.cart_summary(buyer=request.user)
    if checkout_form is None:
        checkout_form = CheckoutForm(initial={"idempotency_key": uuid.uuid4().hex, "country": "DE", "payment_method": "invoice"})
    return render(request, "frontend/cart.html", {"cart": summary, "checkout_form": checkout_form}, status=status)


@login_required
@require_GET
def cart(request):
    return _render_cart(request)


@login_required
@require_POST
def cart_item_update(request, item_id: int):
    form = CartItemUpdateForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("quantity", []):
            messages.error(request, error)
        return redirect("frontend:cart")
    try:
        buyer_services.cart_item_update(buyer=request.user, item_id=item_id, quantity=form.cleaned_data["quantity"])
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Quantity updated."))
    return redirect("frontend:cart")


@login_required
@require_POST
def cart_item_remove(request, item_id: int):
    try:
        buyer_services.cart_item_remove(buyer=request.user, item_id=item_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Removed from your cart."))
    return redirect("frontend:cart")


@login_required
@require_POST
def checkout(request):
    form = CheckoutForm(request.POST)
    extras = CheckoutExtrasForm(request.POST)  # points, fewer shipments, CO2 (frontend/forms_loyalty.py)
    if not (form.is_valid() & extras.is_valid()):
        extras.errors_to(form)
        return _render_cart(request, form, status=400)
    try:
        order = buyer_services.checkout_place(
            buyer=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
            payment_method=form.cleaned_data["payment_method"],
            shipping_address=form.shipping_address(),
            **extras.options(),
        )
    except DomainError as exc:
        _add_domain_error(form, exc)
        return _render_cart(request, form, status=400)
    messages.success(request, _("Thank you! Your order %(number)s has been placed.") % {"number": order.number})
    return redirect("frontend:order", number=order.number)


@login_required
@require_GET
def orders(request):
    page = Paginator(buyer_selectors.order_list(buyer=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "frontend/orders.html", {"page": page})


@login_required
@require_GET
def order(request, number: str):
    try:
        found = buyer_selectors.order_get(buyer=request.user, number=number)
    except NotFound:
        raise Http404 from None
    return render(request, "frontend/order.html", {"order": found})


# --- Seller portal ----------------------------------------------------------------------


def _render_dashboard(request, vendor, failed: tuple[int, OfferUpdateForm] | None = None, status: int = 200):
    offers = []
    for offer in vendor_selectors.offer_list(vendor=vendor):
        if failed and failed[0] == offer.id:
            form = failed[1]
        else:
            form = OfferUpdateForm(
                initial={"price": offer.price.to_decimal(), "stock": offer.stock},
                currency=offer.currency,
                prefix=f"offer-{offer.id}",
            )
        offers.append((offer, form))
    context = {
        "vendor": vendor,
        "role": vendor_selectors.vendor_role(user=request.user, vendor=vendor),
        "offers": offers,
        "memberships": selectors.vendor_memberships(user=request.user),
    }
    return render(request, "frontend/seller_dashboard.html", context, status=status)


@require_GET
@seller_page
def seller_dashboard(request, vendor):
    return _render_dashboard(request, vendor)


@login_required
@require_POST
def seller_offer_update(request, offer_id: int):
    vendor_id, malformed = _requested_vendor_id(request)
    if malformed:
        return _not_a_member(request)
    try:
        vendor = vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor_id)
        # Look the offer up before checking the role, so a foreign id is a 404 for everyone.
        offer = vendor_selectors.offer_get(vendor=vendor, offer_id=offer_id)
    except NotFound:
        raise Http404 from None
    form = OfferUpdateForm(request.POST, currency=offer.currency, prefix=f"offer-{offer.id}")
    if form.is_valid():
        try:
            vendor = vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor.id, permission="manage_listings")
            vendor_services.offer_update(
                vendor=vendor,
                actor=request.user,
                offer_id=offer.id,
                price=form.cleaned_data["price"],
                stock=form.cleaned_data["stock"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("Offer %(id)s updated.") % {"id": offer.id})
            return redirect(f"{reverse('frontend:seller_dashboard')}?vendor={vendor.id}")
    return _render_dashboard(request, vendor, failed=(offer.id, form), status=400)


# --- Operator console -------------------------------------------------------------------


@staff_required
@require_GET
def console_vendors(request):
    return render(request, "frontend/console_vendors.html", {"groups": selectors.vendor_list_by_status()})


@staff_required
@require_POST
def console_vendor_approve(request, vendor_id: int):
    try:
        vendor = vendor_services.vendor_approve(actor=request.user, vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vendor %(name)s is approved.") % {"name": vendor.name})
    return redirect("frontend:console_vendors")
