"""Seller central: the vendor's reviews and ratings, with public answers."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers.reviews import selectors, services
from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, seller_page
from frontend.seller.forms.reviews import AnswerForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError


def _render_seller_reviews(request, vendor, *, failed: tuple[int, AnswerForm] | None = None, status: int = 200):
    unanswered = request.GET.get("unanswered") == "1"
    rows = []
    for review in selectors.review_list_for_vendor(vendor=vendor, unanswered=unanswered)[:100]:
        form = failed[1] if failed and failed[0] == review.id else AnswerForm(prefix=f"review-{review.id}")
        rows.append((review, form))
    context = portal_context(request, vendor, "reviews") | {
        "rows": rows,
        "unanswered": unanswered,
        "summary": selectors.seller_rating_summary(vendor_id=vendor.id),
        "all_reviews_url": portal_url("frontend:seller_reviews", vendor),
    }
    return render(request, "seller/reviews.html", context, status=status)


@seller_page
def seller_reviews(request, vendor):
    return _render_seller_reviews(request, vendor)


@seller_page
@require_POST
def seller_review_answer(request, vendor, review_id: int):
    vendor, review = owned_with_role(
        request,
        vendor,
        step="review_answer",
        lookup=lambda v: selectors.review_get_for_vendor(vendor=v, review_id=review_id),
    )
    form = AnswerForm(request.POST, prefix=f"review-{review.id}")
    if form.is_valid():
        try:
            services.review_answer(
                vendor=vendor, actor=request.user, review_id=review.id, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your answer is published."))
            return redirect(portal_url("frontend:seller_reviews", vendor))
    return _render_seller_reviews(request, vendor, failed=(review.id, form), status=400)
