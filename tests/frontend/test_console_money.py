"""Console money pages: commission rules (list, create, end), reconciliation with Stripe
(stripe-mock), disputes with frozen amounts, revenue by month and category with charts and the
DAC7 download. Staff only; each page reads and writes through payouts' services and selectors."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.money import Money
from payouts.models import CommissionRule, PayoutRun
from payouts.services.disputes import dispute_close, dispute_open
from payouts.services.payout_runs import payout_run_start
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.conftest import row_counts
from tests.factories import UserFactory, login_operator
from tests.frontend.test_pages import browser
from tests.payouts.conftest import deliver, pay, place, shop  # noqa: F401  (shop is a fixture)

pytestmark = pytest.mark.django_db

TODAY = date.today()
PERIOD = {"date_from": str(TODAY - timedelta(days=1)), "date_to": str(TODAY + timedelta(days=1))}


@pytest.fixture
def history(shop, operator, settings, django_capture_on_commit_callbacks):  # noqa: F811
    """An invoice order over both sellers (delivered, paid out) and a card order, partly refunded."""
    invoice = place(shop["buyer"], [(shop["alpha_offer"], 2), (shop["beta_offer"], 1)])
    card = place(shop["buyer"], [(shop["alpha_offer"], 1)], method="card", capture=django_capture_on_commit_callbacks)
    pay(settings, card)
    deliver(invoice)
    payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
    vo = card.vendor_orders.get()
    refund_create(
        actor=operator, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id, 1000)], reason="Kratzer"
    )
    return {"invoice": invoice, "card": card}


# --- Commission rules ---------------------------------------------------------------------


def test_create_and_end_a_commission_rule(shop, operator):  # noqa: F811
    client = browser(operator)
    assert client.get("/console/commissions/").status_code == 200
    response = client.post(
        "/console/commissions/new/",
        {
            "vendor": shop["alpha"].id,
            "category": shop["category"].id,
            "rate": "12.5",
            "fixed": "0.50",
            "currency": "EUR",
            "valid_from": "",
            "valid_until": "",
            "note": "Aktion Herbst",
        },
    )
    assert response.status_code == 302
    rule = CommissionRule.objects.get()
    assert (
        rule.vendor_id,
        rule.category_id,
        rule.rate_bps,
        rule.fixed_amount,
        rule.currency,
        rule.note,
        rule.created_by_id,
    ) == (shop["alpha"].id, shop["category"].id, 1250, 50, "EUR", "Aktion Herbst", operator.id)
    page = client.get("/console/commissions/")
    assert page.context["rows"][0].state == "active"
    assert "12.5 %" in page.content.decode() and "€0.50" in page.content.decode()
    # German: the percentage with a decimal comma.
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(german, operator)
    assert "12,5 %" in german.get("/console/commissions/").content.decode()
    assert client.post(f"/console/commissions/{rule.id}/end/", {f"end-{rule.id}-at": ""}).status_code == 302
    rule.refresh_from_db()
    assert rule.valid_until is not None and rule.valid_until <= timezone.now()
    assert client.get("/console/commissions/").context["rows"][0].state == "ended"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"rate": "abc"}, "rate", "Enter a number"),
        ({"rate": "150"}, "rate", "between 0 and 10000"),
        ({"rate": "12.345"}, "rate", "2 decimal places"),
        ({"fixed": "0.001"}, "fixed", "at most 2 decimal places"),
        ({"fixed": "-1"}, "fixed", "must not be negative"),
        ({"currency": "XYZ"}, "currency", "XYZ is not one of the available choices"),
        ({"valid_from": "2030-01-02T10:00", "valid_until": "2030-01-01T10:00"}, "valid_until", "after valid_from"),
        ({"vendor": "999999"}, "vendor", "not one of the available choices"),
    ],
)
def test_bad_commission_rules_show_the_field_error_and_change_nothing(shop, operator, changes, field, fragment):  # noqa: F811
    before = row_counts()
    data = {"vendor": "", "category": "", "rate": "10", "fixed": "0", "currency": "EUR", "note": "", **changes}
    response = browser(operator).post("/console/commissions/new/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and fragment in " ".join(errors[field]), errors
    assert row_counts() == before


def test_ending_a_rule_before_it_started_is_refused(operator):
    client = browser(operator)
    client.post(
        "/console/commissions/new/", {"rate": "10", "fixed": "0", "currency": "EUR", "valid_from": "2031-01-01T00:00"}
    )
    rule = CommissionRule.objects.get()
    before = row_counts()
    response = client.post(f"/console/commissions/{rule.id}/end/", {f"end-{rule.id}-at": "2030-12-31T00:00"})
    assert response.status_code == 400 and "only end after it started" in " ".join(
        response.context["failed_end"][1].errors["at"]
    )
    assert client.post(f"/console/commissions/{rule.id}/end/", {f"end-{rule.id}-at": "tomorrow"}).status_code == 400
    assert row_counts() == before and CommissionRule.objects.get().valid_until is None
    assert client.post("/console/commissions/999999/end/", {}).status_code == 404


# --- Reconciliation, disputes, revenue ------------------------------------------------------


def test_reconciliation_lists_the_differences_with_stripe(shop, operator, history):  # noqa: F811
    client = browser(operator)
    blank = client.get("/console/reconciliation/")
    assert blank.status_code == 200 and blank.context["rows"] is None  # Stripe is asked only on request
    response = client.get("/console/reconciliation/", PERIOD)
    assert response.status_code == 200
    mismatches = response.context["mismatches"]
    # stripe-mock knows none of our movements and has its own fixture transaction: both sides listed.
    assert {row.status for row in mismatches} >= {"missing_in_ledger", "missing_in_stripe"}
    html = response.content.decode()
    assert "Missing at Stripe" in html and "Missing in our ledger" in html and history["card"].number in html
    bad = client.get("/console/reconciliation/", {"date_from": PERIOD["date_to"], "date_to": PERIOD["date_from"]})
    assert bad.status_code == 400 and "date_to" in bad.context["form"].errors
    assert client.get("/console/reconciliation/", {"date_from": "2026-02-30", "date_to": "2026-03-01"}).context[
        "form"
    ].errors.keys() == {"date_from"}


def test_disputes_show_frozen_shares_until_closed(shop, operator):  # noqa: F811
    order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    dispute_open(order_id=order.id, stripe_dispute_id="dp_console", amount=Money(2000, "EUR"), reason="fraudulent")
    client = browser(operator)
    page = client.get("/console/disputes/")
    assert page.status_code == 200 and [d.stripe_dispute_id for d in page.context["disputes"]] == ["dp_console"]
    html = page.content.decode()
    assert "€20.00" in html and "</a>: €8.00" in html and "</a>: €12.00" in html  # 3999 : 5995, largest remainder
    assert [total.money for total in page.context["frozen"]] == [Money(2000, "EUR")]
    assert client.get("/console/disputes/", {"status": "closed"}).context["disputes"] == []
    dispute_close(stripe_dispute_id="dp_console", won=True)
    assert [d.status for d in client.get("/console/disputes/", {"status": "closed"}).context["disputes"]] == ["won"]
    after = client.get("/console/disputes/")
    assert after.context["disputes"] == [] and after.context["frozen"] == []
    assert client.get("/console/disputes/", {"status": "lost-ish"}).status_code == 400


def test_revenue_page_with_charts_table_and_dac7_download(shop, operator, history):  # noqa: F811
    client = browser(operator)
    response = client.get("/console/revenue/", {**PERIOD, "currency": "EUR"})
    assert response.status_code == 200
    (row, name) = response.context["rows"][0]
    assert name == shop["category"].name and row.sales == 3 * 3999 + 5995 and row.refunded_sales == 1000
    month_chart = response.context["month_chart"]
    assert (
        sum(bar.value for bar in month_chart.bars) == response.context["totals"]["net_commission"] == row.net_commission
    )
    html = response.content.decode()
    assert '<title id="revenue-by-month-title">Net commission per month (EUR)</title>' in html
    assert "Show the values as a table" in html and shop["category"].name in html
    link = f"/api/payouts/operator/dac7/?year={TODAY.year}&amp;output=csv"
    assert link in html
    download = client.get(link.replace("&amp;", "&"))
    assert download.status_code == 200 and download["Content-Type"] == "text/csv"
    assert {int(r["vendor_id"]) for r in csv.DictReader(io.StringIO(download.content.decode()))} == {
        shop["alpha"].id,
        shop["beta"].id,
    }
    assert client.get("/console/revenue/").status_code == 200  # the last twelve months by default
    bad = client.get("/console/revenue/", {"date_from": "2025-01-01", "date_to": "2028-01-01", "currency": "XYZ"})
    assert bad.status_code == 400 and set(bad.context["form"].errors) == {"date_to", "currency"}


def test_money_pages_refuse_everybody_but_staff(shop):  # noqa: F811
    rule = CommissionRule.objects.create(rate_bps=1000, fixed_amount=0, currency="EUR", valid_from=timezone.now())
    before = row_counts()
    gets = ["/console/commissions/", "/console/reconciliation/", "/console/disputes/", "/console/revenue/"]
    for user in (shop["alpha_owner"], UserFactory()):
        client = browser(user)
        for url in gets:
            assert client.get(url).status_code == 404, url
        assert (
            client.post("/console/commissions/new/", {"rate": "10", "fixed": "0", "currency": "EUR"}).status_code == 404
        )
        assert client.post(f"/console/commissions/{rule.id}/end/", {}).status_code == 404
    anonymous = browser()
    for url in gets:
        assert anonymous.get(url).status_code == 302 and "/login/" in anonymous.get(url)["Location"]
    assert row_counts() == before and CommissionRule.objects.get().valid_until is None


def test_money_pages_in_german(operator):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(client, operator)
    assert "Provisionsregeln" in client.get("/console/commissions/").content.decode()
    assert "Abgleich mit Stripe" in client.get("/console/reconciliation/").content.decode()
    assert "Rückbuchungen" in client.get("/console/disputes/").content.decode()
    revenue = client.get("/console/revenue/").content.decode()
    assert "Nettoprovision pro Monat (EUR)" in revenue and "DAC7-Meldung" in revenue


def test_rules_and_disputes_pages_do_not_query_per_row(shop, operator):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = browser(operator)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(n: int) -> None:
        for _ in range(n):
            client.post(
                "/console/commissions/new/",
                {
                    "vendor": shop["beta"].id,
                    "category": shop["category"].id,
                    "rate": "9",
                    "fixed": "0",
                    "currency": "EUR",
                },
            )
            order = place(shop["buyer"], [(shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
            dispute_open(order_id=order.id, stripe_dispute_id=f"dp_{order.id}", amount=Money(500, "EUR"))

    add(1)
    few = (queries("/console/commissions/"), queries("/console/disputes/"))
    add(4)
    assert CommissionRule.objects.count() == 5
    assert (queries("/console/commissions/"), queries("/console/disputes/")) == few
