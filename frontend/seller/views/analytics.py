"""Seller central: analytics for a date range, as a page (chart with its table) and as CSV
(``frontend.seller.analytics.seller_analytics``). Owners and finance staff: it is money."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.common.charts import bar_chart
from frontend.common.templatetags.money import format_money
from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.analytics import seller_analytics
from frontend.seller.forms.analytics import RangeForm
from frontend.seller.portal import portal_context
from marketplace.csv_export import csv_text


def _range(request):
    today = timezone.localdate()
    form = RangeForm(
        request.GET if "date_from" in request.GET or "date_to" in request.GET else None,
        initial={"date_from": today - timedelta(days=29), "date_to": today},
    )
    if form.is_bound:
        if not form.is_valid():
            return form, None
        return form, (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    return form, (today - timedelta(days=29), today)


@require_GET
@seller_page
def analytics(request, vendor):
    vendor = require_step(request, vendor, "analytics")
    form, period = _range(request)
    context = portal_context(request, vendor, "analytics") | {"form": form, "report": None}
    if period is None:
        return render(request, "seller/analytics.html", context, status=400)
    currency = settings.MARKETPLACE_CURRENCY
    report = seller_analytics(vendor=vendor, currency=currency, date_from=period[0], date_to=period[1])
    context |= {
        "report": report,
        "chart": bar_chart(
            chart_id="analytics-sales",
            title=_("Sales per day (%(currency)s)") % {"currency": currency},
            series=[(day.strftime("%d.%m."), sales.amount) for day, _n, _u, sales in report.by_day],
            fmt=lambda amount: format_money(amount, currency),
        ),
        "rating_chart": bar_chart(
            chart_id="analytics-rating",
            title=_("Average seller rating per week (stars)"),
            series=[(monday.strftime("%d.%m."), int(average * 100)) for monday, average, _n in report.rating_trend],
            fmt=lambda hundredths: number_format(Decimal(hundredths) / 100, 2),
        )
        if report.rating_trend
        else None,
        "csv_url": portal_url("frontend:seller_analytics_csv", vendor)
        + f"&date_from={period[0].isoformat()}&date_to={period[1].isoformat()}",
    }
    return render(request, "seller/analytics.html", context)


@require_GET
@seller_page
def analytics_csv(request, vendor):
    vendor = require_step(request, vendor, "analytics")
    form, period = _range(request)
    if period is None:
        return HttpResponse(
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    report = seller_analytics(
        vendor=vendor, currency=settings.MARKETPLACE_CURRENCY, date_from=period[0], date_to=period[1]
    )
    body = csv_text(
        ["date", "orders", "units", "sales", "currency"],
        [
            (day.isoformat(), n, units, str(sales.to_decimal()), sales.currency)
            for day, n, units, sales in report.by_day
        ],
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="analytics-{vendor.slug}-{period[0]}-{period[1]}.csv"'
    return response
