"""Loyalty pages: the referral code form on the account page (the points section itself is the
``loyalty_account_section`` tag, rendered by the account page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buyers.loyalty.services import referral_claim
from frontend.storefront.forms.loyalty import ReferralForm
from frontend.storefront.views.account import render_account
from marketplace.errors import DomainError


@login_required
@require_POST
def referral(request):
    form = ReferralForm(request.POST)
    if not form.is_valid():
        request.referral_error = _("Enter the referral code a friend gave you.")
        return render_account(request, status=400)
    try:
        referral_claim(user=request.user, code=form.cleaned_data["code"])
    except DomainError as exc:
        request.referral_error = exc.message
        return render_account(request, status=400)
    messages.success(request, _("Referral code saved: you both get points after your first delivered order."))
    return redirect("frontend:account")
