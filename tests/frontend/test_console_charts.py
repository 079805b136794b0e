"""Bar chart geometry (frontend.common.charts.bar_chart) and its SVG include: proportional bars, a zero
line for negative values, thinned axis labels, an accessible title and a table fallback."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from frontend.common.charts import LABEL_SPACE, MAX_AXIS_LABELS, TOP_PAD, bar_chart
from vendors.services.fulfilment import vendor_order_cancel


def test_bars_are_proportional_and_the_largest_fills_the_plot():
    chart = bar_chart(
        chart_id="c", title="T", series=[("a", 50), ("b", 100), ("c", 0), ("d", 25)], width=400, height=218
    )
    plot = 218 - LABEL_SPACE - TOP_PAD
    assert [bar.height for bar in chart.bars] == [plot / 2, plot, 0, plot / 4]
    # Every bar stands on the zero line, which is the bottom of the plot when nothing is negative.
    assert chart.zero_y == 218 - LABEL_SPACE
    assert all(bar.y + bar.height == chart.zero_y for bar in chart.bars)
    # Equal slots, bars centred in them, nothing outside the box.
    assert [bar.label_x for bar in chart.bars] == [50, 150, 250, 350]
    assert all(0 <= bar.x and bar.x + bar.width <= 400 for bar in chart.bars)
    assert chart.bars[0].width == 80  # 100 wide slot minus 20 % gap
    assert not chart.empty


def test_negative_values_hang_below_the_zero_line():
    chart = bar_chart(chart_id="c", title="T", series=[("Jan", 300), ("Feb", -100)], width=200, height=122)
    plot = 122 - LABEL_SPACE - TOP_PAD  # 100 units for a span of 400
    up, down = chart.bars
    assert chart.zero_y == TOP_PAD + 75
    assert (up.y, up.height, up.negative) == (TOP_PAD, 75, False)
    assert (down.y, down.height, down.negative) == (chart.zero_y, 25, True)
    assert up.height + down.height == plot


def test_an_all_zero_or_empty_series_draws_no_bars_of_any_height():
    zero = bar_chart(chart_id="c", title="T", series=[("a", 0), ("b", 0)])
    assert zero.empty and all(bar.height == 0 for bar in zero.bars) and zero.zero_y == zero.plot_bottom
    assert bar_chart(chart_id="c", title="T", series=[]).bars == []


def test_axis_labels_are_thinned_but_the_last_one_always_shows():
    chart = bar_chart(chart_id="c", title="T", series=[(f"d{n}", n) for n in range(30)])
    shown = [bar.label for bar in chart.bars if bar.show_label]
    assert len(shown) <= MAX_AXIS_LABELS and shown[-1] == "d29"
    assert shown == ["d2", "d5", "d8", "d11", "d14", "d17", "d20", "d23", "d26", "d29"]  # evenly spaced
    few = bar_chart(chart_id="c", title="T", series=[("a", 1), ("b", 2)])
    assert all(bar.show_label for bar in few.bars)


def test_values_are_formatted_by_the_callers_formatter():
    chart = bar_chart(chart_id="c", title="T", series=[("a", 1999), ("b", -5)], fmt=lambda v: f"{v / 100:.2f} EUR")
    assert [bar.text for bar in chart.bars] == ["19.99 EUR", "-0.05 EUR"]
    assert (chart.max_text, chart.min_text) == ("19.99 EUR", "-0.05 EUR")


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"width": 0}, "too small"), ({"height": 10}, "too small"), ({"gap_ratio": 1}, "gap_ratio")]
)
def test_impossible_sizes_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bar_chart(chart_id="c", title="T", series=[("a", 1)], **kwargs)


def test_the_svg_include_is_accessible_and_keeps_decimal_points_in_german():
    chart = bar_chart(
        chart_id="sales",
        title="Umsatz pro Tag",
        series=[("01.11.", 1), ("02.11.", 2), ("03.11.", 0)],
        width=100,
        height=100,
    )
    with translation.override("de"):
        html = render_to_string("common/partials/bar_chart.html", {"chart": chart})
    assert '<svg class="chart-svg" viewBox="0 0 100 100"' in html
    assert (
        'aria-labelledby="sales-title sales-desc"' in html and '<title id="sales-title">Umsatz pro Tag</title>' in html
    )
    # Coordinates keep the decimal point whatever the language (a German comma would break the SVG).
    coordinates = re.findall(r'<rect[^>]* x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
    assert len(coordinates) == 3 and all("," not in value for row in coordinates for value in row)
    # The table fallback lists every value, each bar has a tooltip.
    assert html.count('<tr><th scope="row">') == 3 and "<title>02.11.: 2</title>" in html


# --- The seller dashboard's sales chart ----------------------------------------------------


@pytest.fixture
def sales(db):
    from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
    from tests.payouts.conftest import place

    category = CategoryFactory()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    helm = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Helm", price=3999, stock=50)
    lampe = make_offer(vendor=beta, owner=beta_owner, category=category, title="Lampe", price=5995, stock=50)
    buyer = UserFactory()
    place(buyer, [(helm, 2), (lampe, 1)])
    cancelled = place(buyer, [(helm, 1)])
    vendor_order_cancel(
        actor=alpha_owner, vendor_order_id=cancelled.vendor_orders.get().id, reason="Ausverkauft", by="vendor"
    )
    return {"alpha": alpha, "alpha_owner": alpha_owner, "beta_owner": beta_owner}


def test_sales_per_day_counts_only_the_vendors_own_and_not_cancelled_orders(sales):
    from marketplace.selectors import vendor_sales_by_day

    series = vendor_sales_by_day(vendor=sales["alpha"], currency="EUR", days=30)
    assert len(series) == 30 and series[-1][0] == timezone.localdate()
    assert series[-1][1] == 2 * 3999  # Beta's lamp and the cancelled order do not count
    assert all(amount == 0 for _day, amount in series[:-1])
    assert [day for day, _ in series] == sorted(day for day, _ in series)


def test_the_dashboard_shows_the_chart_to_roles_that_see_money(sales):
    from django.test import Client

    from tests.factories import UserFactory
    from tests.frontend.test_pages import browser
    from vendors import services as vendor_services

    html = browser(sales["alpha_owner"]).get("/seller/").content.decode()
    assert '<title id="sales-per-day-title">Sales per day, last 30 days (EUR)</title>' in html
    assert "Sold in the last 30 days: €79.98" in html
    today = timezone.localdate()
    assert f"<title>{today.month}/{today.day}: €79.98</title>" in html
    # A fulfilment member runs the orders but does not see the money.
    packer = UserFactory()
    vendor_services.vendor_member_add(vendor=sales["alpha"], user=packer, role="fulfilment")
    assert "sales-per-day" not in browser(packer).get("/seller/").content.decode()
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    german.force_login(sales["alpha_owner"])
    html_de = german.get("/seller/").content.decode()
    assert (
        "Umsatz pro Tag, letzte 30 Tage (EUR)" in html_de
        and f"<title>{today.day}.{today.month}.: 79,98 €</title>" in html_de
    )
