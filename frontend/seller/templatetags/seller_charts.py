"""``{% vendor_sales_chart vendor can.sales_figures %}``: the seller dashboard's sales per day as an
SVG bar chart. Only roles that may see the money (``sales_figures`` in frontend.seller.permissions)
get it; the others get nothing."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontend.common.charts import bar_chart
from frontend.common.templatetags.money import format_money
from marketplace.money import Money
from marketplace.selectors import vendor_sales_by_day

register = template.Library()

DAYS = 30


def _day_label(day) -> str:
    # Compact on purpose: ten of these share the chart's width.
    return f"{day.day}.{day.month}." if (get_language() or "de").startswith("de") else f"{day.month}/{day.day}"


@register.inclusion_tag("seller/partials/sales_chart.html")
def vendor_sales_chart(vendor, allowed):
    if not allowed:
        return {"chart": None}
    currency = settings.MARKETPLACE_CURRENCY
    series = vendor_sales_by_day(vendor=vendor, currency=currency, days=DAYS)
    chart = bar_chart(
        chart_id="sales-per-day",
        title=_("Sales per day, last %(days)s days (%(currency)s)") % {"days": DAYS, "currency": currency},
        series=[(_day_label(day), amount) for day, amount in series],
        fmt=lambda amount: format_money(amount, currency),
    )
    return {"chart": chart, "days": DAYS, "total": Money(sum(amount for _day, amount in series), currency)}
