"""Consumer-rights and privacy pages: withdrawal instructions and model form, the withdrawal
declaration for an order part, the privacy notice with the record of processing, cookie choice."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers import withdrawal
from buyers.consent import consent_of, consent_record
from buyers.invoices import invoice_vendor_order_for_buyer
from buyers.processing_record import PURPOSES
from frontend.storefront.selectors import country_name
from marketplace.errors import DomainError, NotFound
from marketplace.legal import legal_text_blocks, legal_text_current
from vendors.delivery import TRANSIT_DAYS_ABROAD, TRANSIT_DAYS_HOME
from vendors.shipping import DEFAULT_DESTINATION


def _current_text(kind: str) -> dict:
    """The operator's current version of a legal text for the page (none: the page's own text only)."""
    current = legal_text_current(kind=kind)
    return {"text": current, "blocks": legal_text_blocks(current.body) if current else []}


def withdrawal_info(request):
    return render(
        request,
        "storefront/legal/withdrawal.html",
        {"operator": settings.MARKETPLACE_OPERATOR, **_current_text("withdrawal")},
    )


@login_required
def withdrawal_form(request, number: str, vendor_order_id: int):
    try:
        vendor_order = invoice_vendor_order_for_buyer(
            buyer=request.user, number=number, vendor_order_id=vendor_order_id
        )
    except NotFound:
        raise Http404 from None
    error, status = None, 200
    if request.method == "POST":
        try:
            line_ids = [int(value) for value in request.POST.getlist("lines")]
        except ValueError:
            line_ids = []
        try:
            withdrawal.withdrawal_declare(
                buyer=request.user,
                number=number,
                vendor_order_id=vendor_order_id,
                line_ids=line_ids,
                consumer_name=request.POST.get("consumer_name", ""),
                consumer_address=request.POST.get("consumer_address", ""),
            )
        except DomainError as exc:
            error, status = exc, exc.status_code
        else:
            messages.success(request, _("Your withdrawal was received. You will get a confirmation by e-mail."))
            return redirect("frontend:order", number)
    return render(
        request,
        "storefront/legal/withdrawal_form.html",
        {
            "vendor_order": vendor_order,
            "lines": withdrawal.withdrawable_lines(vendor_order=vendor_order),
            "error": error,
            "data": request.POST,
        },
        status=status,
    )


def shipping_terms(request):
    """Shipping costs and delivery dates: where every "plus shipping" of the shop links to. The
    text is the operator's current version (console, legal texts); the built-in one until there is any."""
    current = legal_text_current(kind="shipping")
    return render(
        request,
        "storefront/legal/shipping.html",
        {
            "text": current,
            "blocks": legal_text_blocks(current.body) if current else [],
            "transit_home": TRANSIT_DAYS_HOME,
            "transit_abroad": TRANSIT_DAYS_ABROAD,
            "home_country": country_name(DEFAULT_DESTINATION),
        },
    )


def privacy(request):
    return render(
        request,
        "storefront/legal/privacy.html",
        {
            "purposes": PURPOSES,
            "operator": settings.MARKETPLACE_OPERATOR,
            "categories": settings.COOKIE_CATEGORIES,
            **_current_text("privacy"),
        },
    )


@require_POST
def cookie_consent(request):
    choice = request.POST.get("choice", "necessary")
    categories = sorted(settings.COOKIE_CATEGORIES) if choice == "all" else []
    _record, value = consent_record(request_consent=consent_of(request), user=request.user, categories=categories)
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.COOKIE_CONSENT_COOKIE,
        value,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@login_required
@require_POST
def account_business(request):
    from buyers.business import buyer_business_set

    try:
        buyer_business_set(
            user=request.user,
            is_business=request.POST.get("is_business") == "1",
            company_name=request.POST.get("company_name", ""),
            vat_id=request.POST.get("vat_id", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("frontend:account")
    messages.success(request, _("Saved."))
    return redirect("frontend:account")
