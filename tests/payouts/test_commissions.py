"""Commission rules: the most specific valid rule applies, is stored on the line, VAT on top."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import OrderLine
from marketplace.money import Money
from payouts.ledger import TAX_PAYABLE, account_balance
from payouts.services.commissions import commission_rule_create
from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer
from tests.payouts.conftest import place

pytestmark = pytest.mark.django_db


def eur(cents):
    return Money(cents, "EUR")


def test_most_specific_valid_rule_wins_and_is_recorded_on_the_line(shop, operator):
    child = CategoryFactory(parent=shop["category"])
    offer = make_offer(
        vendor=shop["alpha"], owner=shop["alpha_owner"], category=child, title="Kinderhelm", price=2000, stock=10
    )
    now = timezone.now()
    commission_rule_create(actor=operator, rate_bps=500, fixed=eur(0))  # everything
    commission_rule_create(actor=operator, rate_bps=800, fixed=eur(0), category_id=shop["category"].id)
    deeper = commission_rule_create(actor=operator, rate_bps=1200, fixed=eur(30), category_id=child.id)
    commission_rule_create(  # would be the most specific, but expired
        actor=operator,
        rate_bps=100,
        fixed=eur(0),
        vendor_id=shop["alpha"].id,
        category_id=child.id,
        valid_from=now - timedelta(days=10),
        valid_until=now - timedelta(days=1),
    )
    commission_rule_create(  # starts tomorrow
        actor=operator,
        rate_bps=200,
        fixed=eur(0),
        vendor_id=shop["alpha"].id,
        valid_from=now + timedelta(days=1),
    )
    beta_rule = commission_rule_create(actor=operator, rate_bps=300, fixed=eur(0), vendor_id=shop["beta"].id)

    order = place(shop["buyer"], [(offer, 2), (shop["alpha_offer"], 1), (shop["beta_offer"], 1)])
    lines = {line.offer_id: line for line in OrderLine.objects.filter(vendor_order__order=order)}
    child_line = lines[offer.id]
    assert child_line.commission_rule_id == deeper.id
    assert (child_line.commission_bps, child_line.commission_fixed_amount) == (1200, 30)
    assert child_line.commission_amount == 4000 * 12 // 100 + 2 * 30  # 4.80 + 2 x 0.30
    assert child_line.commission_vat_amount == 103  # 19 % of 5.40 = 1.026
    assert lines[shop["alpha_offer"].id].commission_bps == 800  # parent category rule
    assert lines[shop["beta_offer"].id].commission_rule_id == beta_rule.id  # vendor rule beats category
    vat = sum(line.commission_vat_amount for line in lines.values())
    assert account_balance(TAX_PAYABLE, "EUR").amount == -vat
    for vo in order.vendor_orders.all():
        assert vo.payable_amount == vo.items_amount - vo.commission_amount - vo.commission_vat_amount


def test_without_rules_the_platform_default_applies(shop, settings):
    settings.MARKETPLACE_COMMISSION_BPS = 1000
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    line = OrderLine.objects.get(vendor_order__order=order)
    assert (line.commission_rule_id, line.commission_bps, line.commission_amount, line.commission_vat_amount) == (
        None,
        1000,
        400,
        76,
    )


def test_commission_never_exceeds_the_line(shop, operator):
    commission_rule_create(actor=operator, rate_bps=9000, fixed=eur(1000), vendor_id=shop["alpha"].id)
    order = place(shop["buyer"], [(shop["alpha_offer"], 1)])
    vo = order.vendor_orders.get()
    assert vo.commission_amount + vo.commission_vat_amount <= vo.items_amount
    assert vo.payable_amount >= 0


def test_operator_creates_and_ends_rules_through_the_api(shop, operator):
    api = client_for(operator)
    response = api.post(
        "/api/payouts/operator/commission-rules/",
        {
            "category": shop["category"].id,
            "rate_bps": 1500,
            "fixed": {"amount": 0, "currency": "EUR"},
            "note": "Elektronik",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    rule_id = response.data["id"]
    assert api.get("/api/payouts/operator/commission-rules/").data["results"][0]["id"] == rule_id
    response = api.post(f"/api/payouts/operator/commission-rules/{rule_id}/end/")
    assert response.status_code == 200 and response.data["valid_until"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rate_bps": 10_001, "fixed": {"amount": 0, "currency": "EUR"}}, "rate_bps"),
        ({"rate_bps": 100, "fixed": {"amount": 0, "currency": "XYZ"}}, "fixed"),
        ({"rate_bps": 100, "fixed": {"amount": -5, "currency": "EUR"}}, "fixed"),
        ({"rate_bps": 100, "fixed": {"amount": 0, "currency": "EUR"}, "category": 999_999}, "category"),
        (
            {
                "rate_bps": 100,
                "fixed": {"amount": 0, "currency": "EUR"},
                "valid_from": "2030-01-02T00:00:00Z",
                "valid_until": "2030-01-01T00:00:00Z",
            },
            "valid_until",
        ),
    ],
)
def test_bad_rules_are_refused_naming_the_field(shop, operator, body, field):
    before = row_counts()
    response = client_for(operator).post("/api/payouts/operator/commission-rules/", body, format="json")
    assert 400 <= response.status_code < 500
    assert field in response.data, response.data
    assert row_counts() == before


def test_only_operators_manage_rules(shop):
    for user in (shop["alpha_owner"], UserFactory()):
        api = client_for(user)
        assert api.get("/api/payouts/operator/commission-rules/").status_code == 403
        body = {"rate_bps": 0, "fixed": {"amount": 0, "currency": "EUR"}}
        assert api.post("/api/payouts/operator/commission-rules/", body, format="json").status_code == 403
