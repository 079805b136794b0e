"""Console search and order page (issue 19 item 2): one search box for orders (number, buyer
e-mail), buyers, vendors, products and offers (GTIN, SKU); the order page with parts, payments,
refunds, ledger entries, messages, claims and audit trail; refunding a line in part through the
refund service and internal notes. Operators only."""

import pytest
from django.test import Client

from marketplace.models import AuditLogEntry, OrderNote
from payouts.models import JournalEntry, Refund
from tests.conftest import row_counts
from tests.factories import login_operator
from tests.frontend.test_pages import browser
from tests.payouts.conftest import place, shop  # noqa: F401  (shop is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(shop):  # noqa: F811
    return place(shop["buyer"], [(shop["alpha_offer"], 2), (shop["beta_offer"], 1)])


def test_search_finds_an_order_by_the_buyer_s_email_and_by_its_number(order, operator):
    client = browser(operator)
    page = client.get("/console/search/", {"q": order.email.upper()})
    assert page.status_code == 200
    assert order in page.context["results"]["orders"]
    assert f'href="/console/orders/{order.number}/"' in page.content.decode()
    # The exact number goes straight to the order.
    found = client.get("/console/search/", {"q": order.number})
    assert found.status_code == 302 and found["Location"] == f"/console/orders/{order.number}/"


def test_search_finds_vendors_products_and_offers_by_gtin_and_sku(shop, operator):  # noqa: F811
    offer = shop["alpha_offer"]
    product = offer.product
    product.gtin = "4006381333931"
    product.save(update_fields=["gtin"])
    client = browser(operator)
    by_sku = client.get("/console/search/", {"q": offer.sku.lower()})
    assert offer in by_sku.context["results"]["offers"]
    by_gtin = client.get("/console/search/", {"q": "4006381333931"})
    assert product in by_gtin.context["results"]["products"] and offer in by_gtin.context["results"]["offers"]
    by_name = client.get("/console/search/", {"q": "alph"})
    assert shop["alpha"] in by_name.context["results"]["vendors"]
    buyer = client.get("/console/search/", {"q": shop["buyer"].email})
    assert shop["buyer"] in [b for b, _orders in buyer.context["results"]["buyers"]]


def test_search_without_results_and_with_bad_input(operator):
    client = browser(operator)
    assert "Nothing found" in client.get("/console/search/", {"q": "kein-treffer"}).content.decode()
    assert client.get("/console/search/", {"q": "x" * 201}).status_code == 400


def test_order_page_shows_parts_payments_ledger_and_audit(order, operator):
    page = browser(operator).get(f"/console/orders/{order.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Helm" in html and "Lampe" in html and "Alpha" in html and "Beta" in html
    assert page.context["journal"], "placing the order booked ledger entries"
    assert "buyer_receivable" in html
    assert "No refunds." in html and "No guarantee claims." in html and "No conversations about this order." in html
    assert browser(operator).get("/console/orders/NO-SUCH-1/").status_code == 404


def test_refund_one_line_in_part_through_the_refund_service(order, operator):
    client = browser(operator)
    line = order.vendor_orders.get(vendor__name="Alpha").lines.get()
    entries_before = JournalEntry.objects.count()
    response = client.post(
        f"/console/orders/{order.number}/refund/",
        {"refund-line": line.id, "refund-amount": "12.50", "refund-reason": "Kratzer am Helm"},
    )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason, refund.created_by_id, refund.vendor_order_id) == (
        1250,
        "Kratzer am Helm",
        operator.id,
        line.vendor_order_id,
    )
    assert JournalEntry.objects.count() == entries_before + 1
    page = client.get(f"/console/orders/{order.number}/")
    html = page.content.decode()
    assert "Kratzer am Helm" in html and "refund" in [row["kind"] for row in page.context["journal_rows"]]
    assert "refund.created" in html  # the audit trail
    left = next(row for row in page.context["refundable"] if row.line.id == line.id)
    assert left.refunded.amount == 1250 and left.left.amount == line.line_total_amount - line.discount_amount - 1250


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Enter an amount above zero."),
        ("12.345", "at most 2 decimal places"),
        ("abc", "Enter a number."),
        ("100000", "can be refunded by 1 to"),
    ],
)
def test_a_bad_refund_shows_the_error_and_changes_nothing(order, operator, amount, message):
    line = order.vendor_orders.get(vendor__name="Alpha").lines.get()
    before = row_counts()
    response = browser(operator).post(
        f"/console/orders/{order.number}/refund/",
        {"refund-line": line.id, "refund-amount": amount, "refund-reason": "Kratzer"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before


def test_a_line_of_another_order_cannot_be_refunded_here(order, shop, operator):  # noqa: F811
    other = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    foreign = other.vendor_orders.get().lines.get()
    response = browser(operator).post(
        f"/console/orders/{order.number}/refund/",
        {"refund-line": foreign.id, "refund-amount": "1.00", "refund-reason": "Falsch"},
    )
    assert response.status_code == 400 and not Refund.objects.exists()


def test_internal_note_is_added_audited_and_shown_only_to_operators(order, operator):
    client = browser(operator)
    assert client.post(f"/console/orders/{order.number}/notes/", {"note-text": "  "}).status_code == 400
    response = client.post(f"/console/orders/{order.number}/notes/", {"note-text": "Kunde rief an, Paket beschädigt."})
    assert response.status_code == 302
    note = OrderNote.objects.get()
    assert (note.order_id, note.author_id) == (order.id, operator.id)
    assert AuditLogEntry.objects.filter(action="order.note_added", object_id=str(order.id)).exists()
    assert "Kunde rief an" in client.get(f"/console/orders/{order.number}/").content.decode()
    # The buyer's own order page does not show it.
    assert "Kunde rief an" not in browser(order.buyer).get(f"/orders/{order.number}/").content.decode()


def test_order_page_in_german(order, operator):
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(german, operator)
    html = german.get(f"/console/orders/{order.number}/").content.decode()
    assert "Eine Position teilweise erstatten" in html and "Buchungen" in html and "Interne Notiz hinzufügen" in html


@pytest.mark.parametrize("url", ["/console/search/?q=x", "/console/orders/{number}/"])
def test_buyers_and_sellers_do_not_see_console_pages(order, shop, url):  # noqa: F811
    url = url.format(number=order.number)
    assert browser(shop["buyer"]).get(url).status_code == 404
    assert browser(shop["alpha_owner"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_buyers_and_sellers_cannot_refund_or_add_notes(order, shop):  # noqa: F811
    line = order.vendor_orders.get(vendor__name="Alpha").lines.get()
    before = row_counts()
    for user in (shop["buyer"], shop["alpha_owner"]):
        client = browser(user)
        assert (
            client.post(
                f"/console/orders/{order.number}/refund/",
                {"refund-line": line.id, "refund-amount": "1.00", "refund-reason": "x"},
            ).status_code
            == 404
        )
        assert client.post(f"/console/orders/{order.number}/notes/", {"note-text": "x"}).status_code == 404
    assert row_counts() == before
