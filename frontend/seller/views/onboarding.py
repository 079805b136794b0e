"""Becoming a seller: the application form, and joining a vendor through an invitation.

Both pages call the same services as the API (vendors.services.vendor_apply /
vendor_invitation_accept); the forms only parse input.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.common.errors import add_domain_error
from frontend.seller.access import portal_url
from frontend.seller.forms.onboarding import ApplicationForm, InvitationAcceptForm
from marketplace.errors import DomainError
from marketplace.selectors import category_list
from vendors import services as vendor_services


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    categories = list(category_list())
    form = ApplicationForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            vendor = vendor_services.vendor_apply(
                user=request.user, application=form.cleaned_data["application"], language=get_language() or ""
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you! Your application for %(name)s is with our team; we will e-mail you.")
                % {"name": vendor.name},
            )
            return redirect(portal_url("frontend:seller_dashboard", vendor))
    status = 400 if form.errors else 200
    return render(request, "seller/apply.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept(request):
    """The link in the invitation mail (``?token=``) or the code typed in. Anonymous visitors
    log in or register first and come back here with the token kept in ``next``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = InvitationAcceptForm(request.POST or None, initial={"token": request.GET.get("token", "")})
    if request.method == "POST" and form.is_valid():
        try:
            member = vendor_services.vendor_invitation_accept(user=request.user, token=form.cleaned_data["token"])
        except DomainError as exc:
            # Unknown, used, expired or meant for another address: the service says which.
            form.add_error("token", exc.message)
        else:
            messages.success(request, _("Welcome to %(name)s!") % {"name": member.vendor.name})
            return redirect(portal_url("frontend:seller_dashboard", member.vendor))
    status = 400 if form.errors else 200
    return render(request, "seller/invitation_accept.html", {"form": form}, status=status)
