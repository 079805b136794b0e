"""Console configuration pages (issue 19.6): attribute schemas of the categories, quality rules
with a dry run that writes nothing, scorecard thresholds, platform coupons. Staff only."""

import pytest

from buyers.models import Coupon
from marketplace.models import AttributeDefinition, AuditLogEntry
from moderation.models import ListingCheck, ListingRule, ScorecardThreshold
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from vendors.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = CategoryFactory(slug="elektronik", name_de="Elektronik", name_en="Electronics")
    child = CategoryFactory(slug="kopfhoerer", name_de="Kopfhörer", name_en="Headphones", parent=root)
    return root, child


def test_attribute_added_to_a_category_and_edited(operator, tree):
    root, child = tree
    client = browser(operator)
    assert client.get("/console/categories/").status_code == 200
    before = row_counts()
    refused = client.post(
        f"/console/categories/{root.id}/",
        {"code": "farbe", "name_de": "Farbe", "name_en": "Colour", "kind": "enum", "allowed_values": "", "position": 0},
    )
    assert refused.status_code == 400 and "allowed_values" in refused.context["form"].errors
    assert row_counts() == before
    done = client.post(
        f"/console/categories/{root.id}/",
        {
            "code": "farbe",
            "name_de": "Farbe",
            "name_en": "Colour",
            "kind": "enum",
            "allowed_values": "schwarz\nweiß",
            "required": "on",
            "position": 1,
        },
    )
    assert done.status_code == 302
    definition = AttributeDefinition.objects.get(category=root, code="farbe")
    assert definition.allowed_values == ["schwarz", "weiß"] and definition.required
    # The subcategory inherits it.
    assert "farbe" in client.get(f"/console/categories/{child.id}/").content.decode()
    edit = f"/console/categories/{root.id}/attributes/{definition.id}/"
    assert client.get(edit).status_code == 200
    assert (
        client.post(
            edit,
            {
                "name_de": "Farbe",
                "name_en": "Colour",
                "kind": "number",
                "unit": "cm",
                "allowed_values": "x",
                "position": 1,
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            edit,
            {
                "name_de": "Gehäusefarbe",
                "name_en": "Case colour",
                "kind": "enum",
                "allowed_values": "schwarz\nweiß\nrot",
                "position": 2,
            },
        ).status_code
        == 302
    )
    definition.refresh_from_db()
    assert (definition.name_de, definition.allowed_values, definition.required) == (
        "Gehäusefarbe",
        ["schwarz", "weiß", "rot"],
        False,
    )
    entry = AuditLogEntry.objects.get(action="attribute.updated")
    assert entry.actor == operator and "required" in entry.data["changed"]
    # An attribute of another category is not editable through this one.
    assert client.get(f"/console/categories/{child.id}/attributes/{definition.id}/").status_code == 404


def test_quality_rule_and_its_dry_run_write_nothing(operator, tree):
    root, child = tree
    vendor, owner = make_vendor(name="Alpha")
    short = make_offer(vendor=vendor, owner=owner, category=child, title="Kopfhörer X")
    long_title = make_offer(
        vendor=vendor, owner=owner, category=child, title="Kabellose Kopfhörer mit Geräuschunterdrückung"
    )
    elsewhere = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(slug="kaffee"), title="Bohnen")
    client = browser(operator)
    assert (
        client.post(
            "/console/rules/", {"kind": "title_length", "severity": "block", "minimum": 5, "maximum": 2}
        ).status_code
        == 400
    )
    assert not ListingRule.objects.exists()
    assert (
        client.post(
            "/console/rules/", {"kind": "title_length", "category": root.id, "severity": "block", "minimum": 15}
        ).status_code
        == 302
    )
    rule = ListingRule.objects.get()
    assert (rule.params, rule.category_id, rule.severity) == ({"min": 15, "max": None}, root.id, "block")
    statuses = {o.id: o.status for o in Offer.objects.all()}
    before = row_counts()
    page = client.get(f"/console/rules/{rule.id}/dry-run/")
    assert page.status_code == 200
    hits = [offer.id for offer, _result in page.context["run"].hits]
    assert hits == [short.id]  # the long title passes; the coffee is outside the rule's tree
    assert page.context["run"].checked == 2
    assert "Kopfhörer X" in page.content.decode()
    assert row_counts() == before and not ListingCheck.objects.exists()
    assert {o.id: o.status for o in Offer.objects.all()} == statuses
    assert long_title.id not in hits and elsewhere.id not in hits
    assert client.post(f"/console/rules/{rule.id}/toggle/").status_code == 302
    assert not ListingRule.objects.get().active
    assert client.get("/console/rules/999999/dry-run/").status_code == 404


def test_thresholds_and_platform_coupons(operator):
    client = browser(operator)
    assert client.get("/console/thresholds/").status_code == 200
    assert (
        client.post(
            "/console/thresholds/",
            {"metric": "late_shipment_rate", "limit_percent": "150", "window_days": 30, "min_orders": 5},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/console/thresholds/",
            {
                "metric": "late_shipment_rate",
                "limit_percent": "3.5",
                "window_days": 90,
                "min_orders": 5,
                "active": "on",
            },
        ).status_code
        == 302
    )
    row = ScorecardThreshold.objects.get(metric="late_shipment_rate")
    assert (row.limit_bps, row.window_days, row.min_orders) == (350, 90, 5)
    assert client.get("/console/coupons/").status_code == 200
    before = row_counts()
    refused = client.post(
        "/console/coupons/", {"code": "WINTER", "kind": "fixed", "amount": "", "max_uses_per_buyer": 1}
    )
    assert refused.status_code == 400 and "amount" in refused.context["form"].errors
    assert row_counts() == before
    assert (
        client.post(
            "/console/coupons/",
            {"code": "winter10", "kind": "percent", "percent": "10", "min_order": "20.00", "max_uses_per_buyer": 1},
        ).status_code
        == 302
    )
    coupon = Coupon.objects.get()
    assert (coupon.code, coupon.percent_bps, coupon.min_order_amount, coupon.funded_by_vendor) == (
        "WINTER10",
        1000,
        2000,
        None,
    )
    assert AuditLogEntry.objects.filter(action="coupon.created", actor=operator).exists()
    duplicate = client.post(
        "/console/coupons/", {"code": "WINTER10", "kind": "percent", "percent": "5", "max_uses_per_buyer": 1}
    )
    assert duplicate.status_code == 400 and "code" in duplicate.context["form"].errors


def test_configuration_pages_are_for_operators_only(operator, tree):
    root, _child = tree
    vendor, owner = make_vendor(name="Alpha")
    definition = AttributeDefinition.objects.create(category=root, code="x", name_de="X", name_en="X", kind="text")
    rule = ListingRule.objects.create(kind="gtin_required", params={}, severity="warn")
    urls = [
        "/console/categories/",
        f"/console/categories/{root.id}/",
        f"/console/categories/{root.id}/attributes/{definition.id}/",
        "/console/rules/",
        f"/console/rules/{rule.id}/dry-run/",
        "/console/thresholds/",
        "/console/coupons/",
    ]
    before = row_counts()
    for user in (owner, UserFactory()):
        client = browser(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/console/rules/{rule.id}/toggle/").status_code == 404
        assert (
            client.post(
                "/console/coupons/", {"code": "X", "kind": "percent", "percent": "5", "max_uses_per_buyer": 1}
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/console/categories/{root.id}/",
                {"code": "y", "name_de": "Y", "name_en": "Y", "kind": "text", "position": 0},
            ).status_code
            == 404
        )
    for url in urls:
        assert browser().get(url).status_code == 302  # anonymous: to the login
    assert row_counts() == before
