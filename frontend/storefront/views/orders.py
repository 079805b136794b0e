"""The buyer's orders: list, one order, cancel a seller's part before shipping, request a return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers import guests, returns, services
from buyers import selectors as buyer_selectors
from buyers.after_sale import order_after_sale
from frontend.storefront import selectors as storefront_selectors
from marketplace.errors import DomainError, NotFound
from payouts.selectors.receivables import invoice_payment_instructions


@login_required
@require_POST
def vendor_order_cancel(request, number: str, vendor_order_id: int):
    try:
        services.vendor_order_cancel_by_buyer(buyer=request.user, number=number, vendor_order_id=vendor_order_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cancelled. If you paid already, the money is on its way back."))
    return redirect("frontend:order", number=number)


@login_required
@require_POST
def return_request(request, number: str, vendor_order_id: int):
    lines = []
    for key, value in request.POST.items():
        if key.startswith("line-") and value.strip() not in ("", "0"):
            try:
                lines.append((int(key.removeprefix("line-")), int(value)))
            except ValueError:
                messages.error(request, _("Enter whole numbers."))
                return redirect("frontend:order", number=number)
    try:
        returns.return_request(
            buyer=request.user,
            number=number,
            vendor_order_id=vendor_order_id,
            lines=lines,
            reason=request.POST.get("reason", ""),
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Return requested. The seller will answer soon."))
    return redirect("frontend:order", number=number)


@login_required
@require_GET
def orders(request):
    page = Paginator(buyer_selectors.order_list(buyer=request.user), 20).get_page(request.GET.get("page"))
    columns = [
        ("number", _("Order")),
        ("placed", _("Placed on")),
        ("status", _("Status")),
        ("sellers", _("Sellers")),
        ("total", _("Total"), True),
    ]
    rows = [
        {
            "number": {"text": order.number, "url": reverse("frontend:order", args=[order.number])},
            "placed": date_format(localtime(order.created_at), "SHORT_DATETIME_FORMAT"),
            "status": {"status": order.status, "kind": "order_status"},
            "sellers": ", ".join(part.vendor.name for part in order.vendor_orders.all()),
            "total": order.total,
        }
        for order in page.object_list
    ]
    return render(request, "storefront/orders.html", {"page": page, "columns": columns, "rows": rows})


def _order_context(found, *, guest_token: str = "") -> dict:
    for part in found.vendor_orders.all():
        part.delivery_promise = None
    promises = storefront_selectors.order_delivery_dates(order=found)
    for part in found.vendor_orders.all():
        part.delivery_promise = promises.get(part.id)
    return {
        "order": found,
        "after_sale": order_after_sale(order=found),
        "payment": invoice_payment_instructions(order=found),
        "guest_token": guest_token,
    }


@login_required
@require_GET
def order(request, number: str):
    try:
        found = buyer_selectors.order_get(buyer=request.user, number=number)
    except NotFound:
        raise Http404 from None
    return render(request, "storefront/order.html", _order_context(found))


@require_GET
def guest_order(request, token: str):
    """A guest's order behind the signed link of its confirmation (no account needed)."""
    try:
        found = guests.guest_order_get(token=token)
    except NotFound:
        raise Http404 from None
    return render(request, "storefront/order.html", _order_context(found, guest_token=token))


def _stripe_csp(script_url: str) -> str:
    """The page's Content-Security-Policy with Stripe.js and its frames allowed (Payment Element)."""
    from urllib.parse import urlsplit

    from django.conf import settings

    parts = urlsplit(script_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"
    policy = {name: list(values) for name, values in settings.CONTENT_SECURITY_POLICY.items()}
    policy["script-src"] += [origin]
    policy["frame-src"] = ["'self'", origin, "https://hooks.stripe.com"]
    policy["connect-src"] += [origin, "https://api.stripe.com"]
    policy["img-src"] += ["https://*.stripe.com"]
    return "; ".join(f"{name} {' '.join(dict.fromkeys(values))}" for name, values in policy.items())


@login_required
@require_GET
def order_pay(request, number: str):
    """Pay a card order with Stripe's Payment Element (card, SEPA Direct Debit, ... as configured)."""
    try:
        found = buyer_selectors.order_get(buyer=request.user, number=number)
    except NotFound:
        raise Http404 from None
    return _pay_page(request, found, order_url=reverse("frontend:order", args=[found.number]))


@require_GET
def guest_order_pay(request, token: str):
    """The Payment Element page of a guest's card order, behind the signed link of its order."""
    try:
        found = guests.guest_order_get(token=token)
    except NotFound:
        raise Http404 from None
    return _pay_page(request, found, order_url=reverse("frontend:guest_order", args=[token]))


def _pay_page(request, found, *, order_url: str):
    from django.conf import settings

    from payouts.services.orders import order_payment_intent_ensure

    if found.payment_method != "card" or found.payment_status == "paid" or found.status == "cancelled":
        return redirect(order_url)
    try:
        intent = order_payment_intent_ensure(order_id=found.id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(order_url)
    response = render(
        request,
        "storefront/order_pay.html",
        {
            "order": found,
            "client_secret": intent.client_secret,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "return_url": request.build_absolute_uri(order_url),
        },
    )
    response["Content-Security-Policy"] = _stripe_csp(settings.STRIPE_JS_URL)
    response["Cache-Control"] = "no-store"  # the client secret stays out of caches
    return response
