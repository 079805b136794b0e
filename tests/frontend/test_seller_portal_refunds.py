"""Partial refunds on the seller's returns page: an amount per returned line, within limits."""

import pytest

from buyers import returns
from payouts.models import Refund
from tests.conftest import row_counts
from tests.frontend.test_pages import browser
from tests.frontend.test_seller_portal import _delivered_return, orders  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _received(data):
    request = _delivered_return(data)
    returns.return_approve(
        vendor=data["beta"], actor=data["beta_owner"], return_id=request.id, instructions="Zurück an uns."
    )
    returns.return_mark_received(vendor=data["beta"], actor=data["beta_owner"], return_id=request.id)
    return request, f"refund-{request.id}-line-{request.lines.get().order_line_id}"


def test_refund_form_is_preset_to_the_full_amount_and_a_lower_one_refunds_part(orders):  # noqa: F811
    request, field = _received(orders)
    client = browser(orders["beta_owner"])
    form = dict(client.get("/seller/returns/").context["returns"])[request]["refund"]
    assert str(form[field.removeprefix(f"refund-{request.id}-")].initial) == "5.99"
    assert client.post(f"/seller/returns/{request.id}/refund/", {field: "2.50"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "refunded"
    assert Refund.objects.get(id=request.refund_id).amount == 250


@pytest.mark.parametrize(
    "amount, reason",
    [
        ("6.00", "less than or equal to 5.99"),
        ("0", "more than zero"),
        ("1.234", "decimal"),
        ("viel", "Enter a number"),
        ("", "required"),
    ],
)
def test_refund_outside_the_limits_names_the_line_and_changes_nothing(orders, amount, reason):  # noqa: F811
    request, field = _received(orders)
    client = browser(orders["beta_owner"])
    before = row_counts()
    response = client.post(f"/seller/returns/{request.id}/refund/", {field: amount})
    assert response.status_code == 400
    form = dict(response.context["returns"])[request]["refund"]
    assert reason in " ".join(form.errors[field.removeprefix(f"refund-{request.id}-")])
    assert row_counts() == before
    request.refresh_from_db()
    assert request.status == "received"


def test_refund_of_another_vendors_return_is_a_404_and_the_form_speaks_german(orders):  # noqa: F811
    request, field = _received(orders)
    before = row_counts()
    assert (
        browser(orders["alpha_owner"]).post(f"/seller/returns/{request.id}/refund/", {field: "1.00"}).status_code == 404
    )
    assert row_counts() == before
    html = browser(orders["beta_owner"]).get("/seller/returns/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Erstattung für 1 × Tasse" in html and "Höchstens" in html
