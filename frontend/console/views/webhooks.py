"""Operator console: outgoing webhooks across vendors (issue 22). Every subscription with its
state, the delivery log with filters, and sending a delivery again (audited by the service).
Staff only; reads and the replay come from ``integrations.webhooks``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import safe_next, staff_required
from frontend.console.forms.webhooks import WebhookFilterForm
from integrations import webhooks
from marketplace.errors import DomainError, NotFound

PAGE_SIZE = 50


@staff_required
@require_GET
def webhook_overview(request):
    form = WebhookFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"form": form, "subscriptions": None, "page": None}
        return render(request, "console/webhooks.html", context, status=400)
    data = form.cleaned_data if request.GET else {}
    vendor_id, status = data.get("vendor"), data.get("status") or ""
    page = Paginator(webhooks.operator_delivery_list(vendor_id=vendor_id, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "console/webhooks.html",
        {
            "form": form,
            "subscriptions": webhooks.operator_subscription_list(vendor_id=vendor_id),
            "page": page,
            "base_query": query.urlencode(),
            "filtered": bool(vendor_id or status),
            "here": request.get_full_path(),
        },
    )


@staff_required
@require_POST
def webhook_delivery_replay(request, delivery_id: int):
    try:
        webhooks.operator_delivery_replay(actor=request.user, delivery_id=delivery_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Delivery #%(id)d is being sent again.") % {"id": delivery_id})
    return redirect(safe_next(request, reverse("frontend:console_webhooks")))
