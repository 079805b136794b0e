"""Console: one buyer's page (orders, claims, returns, GDPR trail). Staff only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend.common.access import staff_required
from frontend.console.selectors import buyer_overview


@staff_required
@require_GET
def buyer_detail(request, user_id: int):
    overview = buyer_overview(user_id=user_id)
    if overview is None:
        raise Http404
    return render(request, "console/buyer.html", {"o": overview, "buyer": overview.buyer})
