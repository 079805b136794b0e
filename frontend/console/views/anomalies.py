"""Console: payment anomalies (payouts.PaymentAnomaly) and resolving them. Staff only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from marketplace.errors import DomainError, NotFound
from payouts.models import PaymentAnomaly
from payouts.services.anomalies import MAX_RESOLUTION, payment_anomaly_resolve


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("How it was resolved"),
        max_length=MAX_RESOLUTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("e.g. refunded on Stripe, or the buyer paid the difference by transfer."),
    )


def _render(request, *, failed: tuple[int, ResolveForm] | None = None, status: int = 200):
    show = request.GET.get("show", "open")
    anomalies = PaymentAnomaly.objects.select_related("order", "resolved_by").order_by("-created_at", "-id")
    anomalies = anomalies.filter(resolved_at__isnull=show != "resolved")[:200]
    rows = [
        {
            "anomaly": anomaly,
            "form": failed[1] if failed and failed[0] == anomaly.id else ResolveForm(prefix=f"a{anomaly.id}"),
        }
        for anomaly in anomalies
    ]
    return render(request, "console/anomalies.html", {"rows": rows, "show": show}, status=status)


@staff_required
@require_GET
def anomalies(request):
    return _render(request)


@staff_required
@require_POST
def anomaly_resolve(request, anomaly_id: int):
    form = ResolveForm(request.POST, prefix=f"a{anomaly_id}")
    if not PaymentAnomaly.objects.filter(id=anomaly_id).exists():
        raise Http404
    if form.is_valid():
        try:
            payment_anomaly_resolve(
                actor=request.user, anomaly_id=anomaly_id, resolution=form.cleaned_data["resolution"]
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Anomaly #%(id)d resolved.") % {"id": anomaly_id})
            return redirect("frontend:console_anomalies")
    return _render(request, failed=(anomaly_id, form), status=400)
