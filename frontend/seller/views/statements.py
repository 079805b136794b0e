"""Seller portal: the vendor's statements of reasons (DSA Art. 17) and its complaints (Art. 20)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, seller_page
from frontend.seller.forms.statements import AppealForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from moderation import selectors_notices as selectors
from moderation.services.appeals import appeal_create, appeal_deadline


def _render(request, vendor, *, forms=None, status=200):
    forms = forms or {}
    rows = [
        (s, appeal_deadline(s), forms.get(s.id) or AppealForm(prefix=f"s{s.id}"))
        for s in selectors.statement_list_for_vendor(vendor=vendor)[:100]
    ]
    return render(
        request, "seller/statements.html", portal_context(request, vendor, "statements") | {"rows": rows}, status=status
    )


@require_GET
@seller_page
def statements(request, vendor):
    return _render(request, vendor)


@require_POST
@seller_page
def statement_appeal(request, vendor, statement_id: int):
    vendor, statement = owned_with_role(
        request,
        vendor,
        step="statement_appeal",
        lookup=lambda v: selectors.statement_get_for_vendor(vendor=v, statement_id=statement_id),
    )
    form = AppealForm(request.POST, prefix=f"s{statement.id}")
    if form.is_valid():
        try:
            appeal_create(actor=request.user, statement_id=statement.id, text=form.cleaned_data["text"], vendor=vendor)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Your complaint about %(reference)s was received.") % {"reference": statement.reference}
            )
            return redirect(portal_url("frontend:seller_statements", vendor))
    return _render(request, vendor, forms={statement.id: form}, status=400)
