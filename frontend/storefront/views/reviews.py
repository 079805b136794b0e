"""Review pages: the buyer writes a review or a seller rating from the order page, votes and
reports on the product page. All writes go through buyers.reviews services; a foreign or missing
object is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers.reviews import reports, selectors, services
from frontend.common.errors import add_domain_error
from frontend.storefront.forms.reviews import ProductReviewForm, SellerRatingForm
from marketplace.errors import Conflict, DomainError, NotFound


@login_required
def review_new(request, number: str, order_line_id: int):
    try:
        line = selectors.buyer_line_get(buyer=request.user, number=number, order_line_id=order_line_id)
    except NotFound:
        raise Http404 from None
    try:
        services.review_check_product(buyer=request.user, order_line_id=line.id)
    except Conflict as exc:  # not delivered yet, or reviewed already
        messages.error(request, exc.message)
        return redirect("frontend:order", number=number)
    form = ProductReviewForm(request.POST or None, request.FILES or None)
    return _submit(
        request,
        form,
        number=number,
        template="storefront/reviews/review_form.html",
        context={"line": line},
        create=lambda data: services.product_review_create(buyer=request.user, order_line_id=line.id, **data),
        thanks=_("Thank you! Your review is published."),
    )


@login_required
def rating_new(request, number: str, vendor_order_id: int):
    try:
        part = selectors.buyer_part_get(buyer=request.user, number=number, vendor_order_id=vendor_order_id)
    except NotFound:
        raise Http404 from None
    try:
        services.review_check_seller(buyer=request.user, vendor_order_id=part.id)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("frontend:order", number=number)
    form = SellerRatingForm(request.POST or None)
    return _submit(
        request,
        form,
        number=number,
        template="storefront/reviews/rating_form.html",
        context={"part": part},
        create=lambda data: services.seller_rating_create(buyer=request.user, vendor_order_id=part.id, **data),
        thanks=_("Thank you for rating the seller."),
    )


def _submit(request, form, *, number: str, template: str, context: dict, create, thanks: str):
    """Show the form, or create from it: back to the order when done or no longer possible
    (a conflict), the form again with the refused field named otherwise."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                create(form.cleaned_data)
            except NotFound:
                raise Http404 from None
            except Conflict as exc:
                messages.error(request, exc.message)
                return redirect("frontend:order", number=number)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, thanks)
                return redirect("frontend:order", number=number)
        status = 400
    return render(request, template, {**context, "form": form, "number": number}, status=status)


def _back(request, review_id: int):
    target = request.META.get("HTTP_REFERER", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target.split("#")[0] + f"#review-{review_id}")
    return redirect("frontend:home")


@login_required
@require_POST
def review_vote(request, review_id: int):
    try:
        services.review_vote(user=request.user, review_id=review_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your vote."))
    return _back(request, review_id)


@login_required
@require_POST
def review_report(request, review_id: int):
    try:
        reports.review_report(
            reporter=request.user,
            review_id=review_id,
            category=request.POST.get("category", ""),
            explanation=request.POST.get("explanation", "")[:5000],
            good_faith=request.POST.get("good_faith") == "on",
            site=request.build_absolute_uri("/"),
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Thank you. We have received your report, will look at the review and tell you what we decided.")
        )
    return _back(request, review_id)


# --- seller portal ------------------------------------------------------------------------
