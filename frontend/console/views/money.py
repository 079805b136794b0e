"""Operator console, money: commission rules (list, create, end), reconciliation with Stripe,
disputes with the frozen amounts, revenue by month and category with charts, the DAC7 export.
Staff only; the numbers come from payouts' services and selectors, as the operator API's do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.charts import bar_chart
from frontend.common.errors import add_domain_error
from frontend.common.templatetags.money import format_money
from frontend.console.forms.money import (
    CommissionRuleEndForm,
    CommissionRuleForm,
    DisputeFilterForm,
    PeriodForm,
    RevenueForm,
    dac7_years,
)
from marketplace.errors import DomainError, NotFound
from marketplace.selectors import category_list
from payouts.models import CommissionRule
from payouts.selectors import disputes as dispute_selectors
from payouts.selectors import payouts as payout_selectors
from payouts.selectors import reports
from payouts.selectors.reconciliation import internal_reconciliation, stripe_configured
from payouts.services import commissions
from vendors import selectors as vendor_selectors

# --- Commission rules ---------------------------------------------------------------------


@dataclass
class RuleRow:
    rule: CommissionRule
    state: str  # scheduled, active, ended


def _rule_state(rule: CommissionRule, now) -> str:
    if rule.valid_from > now:
        return "scheduled"
    if rule.valid_until is not None and rule.valid_until <= now:
        return "ended"
    return "active"


def _rule_form(data=None) -> CommissionRuleForm:
    vendors = vendor_selectors.operator_vendor_list().prefetch_related(None).order_by("name", "id").only("id", "name")
    return CommissionRuleForm(data, vendors=vendors, categories=category_list())


def _render_commissions(
    request,
    *,
    form: CommissionRuleForm | None = None,
    failed_end: tuple[int, CommissionRuleEndForm] | None = None,
    status: int = 200,
):
    now = timezone.now()
    rules = payout_selectors.commission_rule_list().select_related("vendor", "category")
    rows = [RuleRow(rule, _rule_state(rule, now)) for rule in rules]
    context = {
        "rows": rows,
        "form": form or _rule_form(),
        "failed_end": failed_end,
        "default_bps": settings.MARKETPLACE_COMMISSION_BPS,
    }
    return render(request, "console/commissions.html", context, status=status)


@staff_required
@require_GET
def commission_rules(request):
    return _render_commissions(request)


@staff_required
@require_POST
def commission_rule_create(request):
    form = _rule_form(request.POST)
    if form.is_valid():
        try:
            rule = commissions.commission_rule_create(actor=request.user, **form.service_args())
        except DomainError as exc:
            add_domain_error(form, exc, CommissionRuleForm.SERVICE_FIELDS)
        else:
            messages.success(request, _("Commission rule %(id)s created.") % {"id": rule.id})
            return redirect("frontend:console_commissions")
    return _render_commissions(request, form=form, status=400)


@staff_required
@require_POST
def commission_rule_end(request, rule_id: int):
    form = CommissionRuleEndForm(request.POST, prefix=f"end-{rule_id}")
    if form.is_valid():
        try:
            rule = commissions.commission_rule_end(actor=request.user, rule_id=rule_id, at=form.cleaned_data["at"])
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc, {"valid_until": "at"})
        else:
            messages.success(
                request,
                _("Commission rule %(id)s ends on %(when)s.")
                % {
                    "id": rule.id,
                    "when": date_format(timezone.localtime(rule.valid_until), "SHORT_DATETIME_FORMAT"),
                },
            )
            return redirect("frontend:console_commissions")
    return _render_commissions(request, failed_end=(rule_id, form), status=400)


# --- Reconciliation -------------------------------------------------------------------------


@staff_required
@require_GET
def reconciliation(request):
    """Asks Stripe only when the operator submits a period (the call can take a while)."""
    form = PeriodForm(request.GET or None, initial=PeriodForm.default_initial(7))
    rows, internal, failed = None, None, False
    stripe_on = stripe_configured()
    if request.GET:
        if form.is_valid():
            period = {"period_from": form.cleaned_data["date_from"], "period_to": form.cleaned_data["date_to"]}
            # Bank receipts and payouts against the ledger: our own tables, with or without Stripe.
            internal = internal_reconciliation(**period)
            if stripe_on:
                try:
                    rows = reports.reconciliation_report(**period)
                except DomainError as exc:  # Stripe unreachable or refusing: say so, keep the form
                    form.add_error(None, exc.message)
                    failed = True
        else:
            failed = True
    mismatches = [row for row in rows or [] if row.status != "matched"]
    context = {
        "form": form,
        "rows": rows,
        "mismatches": mismatches,
        "matched": len(rows or []) - len(mismatches),
        "internal": internal,
        "stripe_configured": stripe_on,
    }
    return render(request, "console/reconciliation.html", context, status=400 if failed else 200)


# --- Disputes -------------------------------------------------------------------------------


@staff_required
@require_GET
def disputes(request):
    form = DisputeFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "console/disputes.html", {"form": form, "disputes": None}, status=400)
    status = (form.cleaned_data.get("status") if request.GET else "") or "open"
    context = {
        "form": form,
        "disputes": list(dispute_selectors.dispute_list(status=status)[:200]),
        "frozen": dispute_selectors.dispute_frozen_totals(),
        "status": status,
    }
    return render(request, "console/disputes.html", context)


# --- Revenue --------------------------------------------------------------------------------


def _months(first: date, last: date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@staff_required
@require_GET
def revenue(request):
    form = RevenueForm(request.GET or None, initial=RevenueForm.default_initial())
    if request.GET and not form.is_valid():
        return render(request, "console/revenue.html", {"form": form, "rows": None, **_dac7_context()}, status=400)
    period = form.cleaned_data if request.GET else RevenueForm.default_initial()
    currency = period.get("currency") or settings.MARKETPLACE_CURRENCY
    all_rows = reports.revenue_by_period_and_category(period_from=period["date_from"], period_to=period["date_to"])
    rows = [row for row in all_rows if row.currency == currency]
    names = {category.path: category.name for category in category_list()}

    def fmt(amount: int) -> str:
        return format_money(amount, currency)

    by_month: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    for row in rows:
        by_month[row.period] += row.net_commission
        by_category[row.category] += row.net_commission
    month_chart = bar_chart(
        chart_id="revenue-by-month",
        title=_("Net commission per month (%(currency)s)") % {"currency": currency},
        series=[(month, by_month.get(month, 0)) for month in _months(period["date_from"], period["date_to"])],
        fmt=fmt,
    )
    category_chart = bar_chart(
        chart_id="revenue-by-category",
        title=_("Net commission per category (%(currency)s)") % {"currency": currency},
        series=[
            (names.get(path, path if path != "-" else _("Refunds not split by line")), total)
            for path, total in sorted(by_category.items())
        ],
        fmt=fmt,
    )
    context = {
        "form": form,
        "rows": [(row, names.get(row.category, row.category)) for row in rows],
        "currency": currency,
        "totals": {
            "sales": sum(row.sales for row in rows),
            "commission": sum(row.commission for row in rows),
            "refunded_commission": sum(row.refunded_commission for row in rows),
            "net_commission": sum(row.net_commission for row in rows),
        },
        "month_chart": month_chart,
        "category_chart": category_chart,
        "other_currencies": sorted({row.currency for row in all_rows} - {currency}),
        **_dac7_context(),
    }
    return render(request, "console/revenue.html", context)


def _dac7_context() -> dict:
    # The export is the operator API's CSV (session-authenticated GET), so there is one DAC7 file format.
    return {"dac7_url": reverse("operator-dac7"), "dac7_years": dac7_years()}
