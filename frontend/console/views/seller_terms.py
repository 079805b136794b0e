"""Console: terms for sellers (P2B): announce a change with 15 days' notice, see who accepted."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.seller_terms import SellerTermsForm
from marketplace.errors import DomainError
from vendors.services.seller_terms import seller_terms_acceptance_counts, seller_terms_announce


@staff_required
@require_http_methods(["GET", "POST"])
def seller_terms(request):
    form = SellerTermsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = seller_terms_announce(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Version %(v)d announced to every seller.") % {"v": version.version})
                return redirect("frontend:console_seller_terms")
        status = 400
    return render(
        request, "console/seller_terms.html", {"form": form, "rows": seller_terms_acceptance_counts()}, status=status
    )
