"""Console dashboard: the day's and a period's figures (GMV, orders, average order value, new
sellers, refunds) with charts, and every work queue with how many items are past their deadline.
The numbers come from the apps' selectors; this view only puts them side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET

from buyers import selectors as buyer_selectors
from buyers.messaging import selectors as messaging_selectors
from frontend.common.access import staff_required
from frontend.common.charts import bar_chart
from frontend.common.templatetags.money import format_money
from frontend.console.forms.money import PeriodForm
from marketplace import selectors as kernel
from marketplace.money import Money
from moderation import conf as moderation_conf
from moderation import selectors as moderation_selectors
from moderation import selectors_notices
from payouts.selectors.orders import refund_figures
from vendors import selectors as vendor_selectors

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Figures:
    gmv: Money
    orders: int
    average_order_value: Money
    new_sellers: int
    refunds: int
    refunded: Money


def _figures(date_from, date_to, currency: str) -> tuple[Figures, kernel.OrderFigures]:
    orders = kernel.order_figures(date_from=date_from, date_to=date_to, currency=currency)
    start, end = kernel.day_bounds(date_from, date_to)
    refunds = refund_figures(start=start, end=end, currency=currency)
    figures = Figures(
        gmv=orders.gmv,
        orders=orders.orders,
        average_order_value=orders.average_order_value,
        new_sellers=vendor_selectors.vendors_approved_count(start=start, end=end),
        refunds=refunds.count,
        refunded=refunds.total,
    )
    return figures, orders


def _hours(n: int) -> str:
    return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _queues() -> list[dict]:
    now = timezone.now()
    rows = [
        (
            _("Vendor applications"),
            vendor_selectors.application_queue(now=now),
            reverse("frontend:console_vendors"),
            _("decided within %(time)s of the application") % {"time": _hours(settings.SLA_VENDOR_APPLICATION_HOURS)},
        ),
        (
            _("Moderation"),
            moderation_selectors.review_queue(now=now),
            reverse("frontend:console_moderation"),
            _("decided within %(time)s") % {"time": _hours(moderation_conf.setting("MODERATION_REVIEW_TARGET_HOURS"))},
        ),
        (
            _("Notices"),
            selectors_notices.notice_queue(now=now),
            reverse("frontend:console_notices"),
            _("decided within %(time)s of receipt") % {"time": _hours(settings.SLA_NOTICE_HOURS)},
        ),
        (
            _("Appeals"),
            selectors_notices.appeal_queue(now=now),
            reverse("frontend:console_appeals"),
            _("decided within %(time)s of filing") % {"time": _days(settings.SLA_APPEAL_DAYS)},
        ),
        (
            _("Guarantee claims"),
            messaging_selectors.claim_queue(now=now),
            reverse("frontend:console_claims"),
            _("seller answers by the claim's deadline; contested claims decided within %(time)s")
            % {"time": _hours(settings.SLA_CLAIM_DECISION_HOURS)},
        ),
        (
            _("Returns"),
            buyer_selectors.return_queue(now=now),
            "",
            _("seller decides within %(decide)s, refunds within %(refund)s of receipt")
            % {"decide": _days(settings.SLA_RETURN_DECISION_DAYS), "refund": _days(settings.SLA_RETURN_REFUND_DAYS)},
        ),
        (
            _("Open invoices"),
            kernel.open_invoice_queue(today=timezone.localdate()),
            "",
            _("paid by the payment due date (%(days)s after the order)")
            % {"days": _days(settings.MARKETPLACE_INVOICE_DUE_DAYS)},
        ),
    ]
    result = []
    for label, queue, url, sla in rows:
        overdue = (
            {
                "status": "failed",
                "label": ngettext("%(n)s past its deadline", "%(n)s past their deadline", queue.overdue)
                % {"n": queue.overdue},
            }
            if queue.overdue
            else {"status": "completed", "label": _("none late")}
        )
        result.append(
            {
                "queue": {"text": label, "url": url} if url else label,
                "waiting": queue.waiting,
                "overdue": overdue,
                "sla": sla,
                "late": queue.overdue,
            }
        )
    return result


@staff_required
@require_GET
def dashboard(request):
    currency = settings.MARKETPLACE_CURRENCY
    today = timezone.localdate()
    default = PeriodForm.default_initial(DEFAULT_DAYS)
    form = PeriodForm(request.GET or None, initial=default)
    valid = not request.GET or form.is_valid()
    period = form.cleaned_data if request.GET and valid else default
    today_figures, _today_orders = _figures(today, today, currency)
    period_figures, period_orders = _figures(period["date_from"], period["date_to"], currency)

    def fmt(amount: int) -> str:
        return format_money(amount, currency)

    def day(value) -> str:  # short, so the axis labels of 30 days do not run into each other
        return date_format(value, pgettext("day on a chart axis (PHP date format)", "n/j"))

    orders_chart = bar_chart(
        chart_id="dashboard-orders",
        title=_("Orders per day"),
        series=[(day(d), count) for d, count, _gmv in period_orders.by_day],
    )
    gmv_chart = bar_chart(
        chart_id="dashboard-gmv",
        title=_("Gross merchandise value per day (%(currency)s)") % {"currency": currency},
        series=[(day(d), gmv) for d, _count, gmv in period_orders.by_day],
        fmt=fmt,
    )
    queues = _queues()
    context = {
        "form": form,
        "section": "dashboard",
        "currency": currency,
        "today": today,
        "period": period,
        "today_figures": today_figures,
        "period_figures": period_figures,
        "orders_chart": orders_chart,
        "gmv_chart": gmv_chart,
        "queues": queues,
        "queue_columns": [
            ("queue", _("Queue")),
            ("waiting", _("Waiting"), True),
            ("overdue", _("Past the deadline")),
            ("sla", _("Deadline (service level)")),
        ],
        "late_total": sum(q["late"] for q in queues),
    }
    return render(request, "console/dashboard.html", context, status=200 if valid else 400)
