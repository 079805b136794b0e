"""Console dashboard (issue 19 item 1): the day's and a period's figures from the apps' selectors
(GMV, orders, average order value, new sellers, refunds; integer minor units) and every work
queue with how many items are past their deadline. Operators only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import Order
from marketplace.money import Money
from moderation.models import ReviewItem
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.factories import UserFactory, login_operator, make_offer, make_vendor
from tests.frontend.test_pages import browser
from tests.payouts.conftest import place, shop  # noqa: F401  (shop is a fixture)
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


def _queue(page, label: str) -> dict:
    return next(
        row
        for row in page.context["queues"]
        if str(row["queue"]["text"] if isinstance(row["queue"], dict) else row["queue"]) == label
    )


def test_the_day_s_figures_count_placed_orders_and_leave_out_unpaid_card_orders(
    shop, operator, django_capture_on_commit_callbacks
):  # noqa: F811
    first = place(shop["buyer"], [(shop["alpha_offer"], 2)])  # 2 x 39.99 on invoice
    second = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])  # 39.99 + 59.95
    place(
        UserFactory(), [(shop["beta_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks
    )  # not paid: not sold
    part = first.vendor_orders.get()
    refund_create(
        actor=operator, vendor_order_id=part.id, lines=[RefundLineRequest(part.lines.get().id, 500)], reason="Kratzer"
    )

    page = browser(operator).get("/console/dashboard/")
    assert page.status_code == 200
    gmv = sum(vo.total_amount for order in (first, second) for vo in order.vendor_orders.all())
    for figures in (page.context["today_figures"], page.context["period_figures"]):
        assert figures.orders == 2
        assert figures.gmv == Money(gmv, "EUR")
        assert figures.average_order_value == Money((2 * gmv + 2) // 4, "EUR")
        assert (figures.refunds, figures.refunded) == (1, Money(500, "EUR"))
        assert figures.new_sellers == 2  # Alpha and Beta were approved today
    today = timezone.localdate()
    assert page.context["gmv_chart"].bars[-1].value == gmv
    assert [bar.value for bar in page.context["orders_chart"].bars][-1] == 2
    assert len(page.context["orders_chart"].bars) == 30 and page.context["period"]["date_to"] == today

    # A period before today has none of it.
    earlier = browser(operator).get(
        "/console/dashboard/", {"date_from": str(today - timedelta(days=9)), "date_to": str(today - timedelta(days=1))}
    )
    assert earlier.status_code == 200
    assert earlier.context["period_figures"].orders == 0 and earlier.context["today_figures"].orders == 2
    assert "No orders in this period" in earlier.content.decode()


def test_queues_show_what_waits_and_what_is_past_its_deadline(operator, category, settings):
    settings.SLA_VENDOR_APPLICATION_HOURS = 48
    late, _owner = make_vendor(name="Spät GmbH", approved=False)
    make_vendor(name="Frisch GmbH", approved=False)
    Vendor.objects.filter(id=late.id).update(created_at=timezone.now() - timedelta(hours=49))
    seller, owner = make_vendor(name="Alpha")
    make_offer(vendor=seller, owner=owner, category=category, title="Neue Lampe", moderated=False)
    make_offer(vendor=seller, owner=owner, category=category, title="Alte Lampe", moderated=False)
    ReviewItem.objects.filter(product__title="Alte Lampe").update(due_at=timezone.now() - timedelta(minutes=1))
    # An invoice order past its due date.
    buyer = UserFactory()
    offer = make_offer(vendor=seller, owner=owner, category=category, title="Helm", price=3999)
    order = place(buyer, [(offer, 1)])
    Order.objects.filter(id=order.id).update(payment_due_date=timezone.localdate() - timedelta(days=1))

    page = browser(operator).get("/console/dashboard/")
    assert page.status_code == 200
    assert (_queue(page, "Vendor applications")["waiting"], _queue(page, "Vendor applications")["late"]) == (2, 1)
    assert (_queue(page, "Moderation")["waiting"], _queue(page, "Moderation")["late"]) == (2, 1)
    assert (_queue(page, "Open invoices")["waiting"], _queue(page, "Open invoices")["late"]) == (1, 1)
    assert (
        _queue(page, "Notices")["waiting"],
        _queue(page, "Appeals")["waiting"],
        _queue(page, "Guarantee claims")["waiting"],
    ) == (0, 0, 0)
    html = page.content.decode()
    assert "3 items are past their deadline." in html
    assert "1 past its deadline" in html
    # The deadline is a setting where the records carry none.
    settings.SLA_VENDOR_APPLICATION_HOURS = 50
    assert _queue(browser(operator).get("/console/dashboard/"), "Vendor applications")["late"] == 0


def test_dashboard_in_german_and_bad_dates_are_a_clear_error(operator):
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(german, operator)
    page = german.get("/console/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Arbeitslisten" in html and "Heute" in html and "Bruttowarenwert" in html
    bad = browser(operator).get("/console/dashboard/", {"date_from": "2030-01-05", "date_to": "2030-01-01"})
    assert bad.status_code == 400
    assert "The end must not be before the start." in bad.content.decode()
    assert browser(operator).get("/console/dashboard/", {"date_from": "gestern", "date_to": ""}).status_code == 400


def test_only_operators_see_the_dashboard(shop):  # noqa: F811
    assert browser(shop["buyer"]).get("/console/dashboard/").status_code == 404
    assert browser(shop["alpha_owner"]).get("/console/dashboard/").status_code == 404
    anonymous = Client().get("/console/dashboard/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_dashboard_is_first_in_the_console_navigation(operator):
    html = browser(operator).get("/console/").content.decode()
    nav = html.split('class="status-nav portal-nav"')[1]
    assert nav.index('href="/console/dashboard/"') < nav.index('href="/console/"')
