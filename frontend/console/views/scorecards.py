"""Operator console: vendor standings (scorecard enforcement), one vendor's scorecard with the
thresholds it is judged by, and reversing enforcement steps with a reason. Staff only; the
numbers and the steps come from moderation's scorecards and enforcement services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.common.labels import label
from frontend.console.forms.moderation import StandingFilterForm, StandingReverseForm
from marketplace.errors import DomainError, NotFound
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.scorecards import (
    Rate,
    Threshold,
    scorecard_breaches,
    thresholds_effective,
    vendor_scorecard,
)
from vendors import selectors as vendor_selectors

PAGE_SIZE = 50


@staff_required
@require_GET
def standings(request):
    form = StandingFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "console/standings.html", {"form": form, "page": None}, status=400)
    level = form.cleaned_data.get("level") if request.GET else None
    page = Paginator(moderation_selectors.vendor_standing_list(level=level), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "console/standings.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": level is not None,
        },
    )


@dataclass
class MetricCell:
    days: int
    rate: Rate
    breached: bool


@dataclass
class MetricRow:
    metric: str
    threshold: Threshold | None
    cells: list[MetricCell]


def _vendor_or_404(vendor_id: int):
    try:
        return vendor_selectors.operator_vendor_get(vendor_id=vendor_id)
    except NotFound:
        raise Http404 from None


def _render_scorecard(request, vendor, *, form: StandingReverseForm | None = None, status: int = 200):
    standing = moderation_selectors.vendor_standing_get(vendor=vendor)
    thresholds = thresholds_effective()
    card = vendor_scorecard(vendor_id=vendor.id, thresholds=thresholds)
    broken = {(breach.metric, breach.days) for breach in scorecard_breaches(scorecard=card, thresholds=thresholds)}
    metrics = list(next(iter(card.windows.values())).rates) if card.windows else []
    rows = [
        MetricRow(
            metric=metric,
            threshold=thresholds.get(metric),
            cells=[
                MetricCell(days, window.rates[metric], (metric, days) in broken)
                for days, window in card.windows.items()
            ],
        )
        for metric in metrics
    ]
    context = {
        "vendor": vendor,
        "standing": standing,
        "scorecard": card,
        "rows": rows,
        "form": form or StandingReverseForm(current_level=standing.level),
    }
    return render(request, "console/scorecard.html", context, status=status)


@staff_required
@require_GET
def scorecard(request, vendor_id: int):
    return _render_scorecard(request, _vendor_or_404(vendor_id))


@staff_required
@require_POST
def standing_reverse(request, vendor_id: int):
    vendor = _vendor_or_404(vendor_id)
    standing = moderation_selectors.vendor_standing_get(vendor=vendor)
    form = StandingReverseForm(request.POST, current_level=standing.level)
    if form.is_valid():
        try:
            standing = moderation_services.standing_reverse(
                actor=request.user,
                vendor_id=vendor.id,
                reason=form.cleaned_data["reason"],
                to_level=form.cleaned_data["to_level"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now at: %(level)s.")
                % {
                    "name": vendor.name,
                    "level": label("standing_level", standing.level),
                },
            )
            return redirect("frontend:console_scorecard", vendor_id=vendor.id)
    return _render_scorecard(request, vendor, form=form, status=400)
