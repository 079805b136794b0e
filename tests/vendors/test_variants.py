"""Product variants: options checked against the category's enumerations, own GTIN, offers per variant."""

import pytest

from marketplace.models import AttributeDefinition, AuditLogEntry, OutboxEvent
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_vendor
from tests.vendors.test_import import URL as IMPORT_URL
from tests.vendors.test_import import (
    api_for,  # noqa: F401  (fixture: imports run their on-commit tasks)
    csv_file,
    upload,
)
from vendors.models import Offer, ProductVariant
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db

GTIN_M, GTIN_L, GTIN_S = "4000000000013", "4000000000020", "4000000000037"


@pytest.fixture
def product(category):
    AttributeDefinition.objects.create(
        category=category, code="size", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="T-Shirt", sku="TS")
    return vendor, owner, client_for(owner), offer.product


def url(product, variant_id=None):
    base = f"/api/seller/products/{product.id}/variants/"
    return f"{base}{variant_id}/" if variant_id else base


def listing(product, **overrides):
    body = {"product": product.id, "price": {"amount": 1500, "currency": "EUR"}, "stock": 4}
    body.update(overrides)
    return body


def test_variants_created_listed_updated_and_deleted(product):
    vendor, owner, api, item = product
    events = OutboxEvent.objects.filter(key=f"product:{item.id}").count()
    first = api.post(
        url(item), {"options": {"size": "M", "colour": " rot "}, "gtin": "4000-0000-0001-3"}, format="json"
    )
    assert first.status_code == 201, first.data
    assert first.data["options"] == {"size": "M", "colour": "rot"} and first.data["gtin"] == GTIN_M
    second = api.post(url(item), {"options": {"size": "L", "colour": "rot"}, "gtin": GTIN_L}, format="json")
    assert second.status_code == 201 and second.data["position"] == 1
    assert [v["id"] for v in api.get(url(item)).data] == [first.data["id"], second.data["id"]]
    changed = api.patch(url(item, second.data["id"]), {"options": {"size": "S", "colour": "blau"}}, format="json")
    assert changed.status_code == 200 and changed.data["options"] == {"size": "S", "colour": "blau"}
    assert changed.data["gtin"] == GTIN_L  # not given: unchanged
    assert api.delete(url(item, second.data["id"])).status_code == 204
    assert list(ProductVariant.objects.filter(product=item).values_list("options", flat=True)) == [
        {"size": "M", "colour": "rot"}
    ]
    assert OutboxEvent.objects.filter(key=f"product:{item.id}").count() == events + 4
    assert set(AuditLogEntry.objects.filter(action__startswith="variant.").values_list("action", flat=True)) == {
        "variant.created",
        "variant.updated",
        "variant.deleted",
    }
    product_view = api.get(f"/api/seller/products/{item.id}/").data
    assert [v["options"] for v in product_view["variants"]] == [{"size": "M", "colour": "rot"}]


@pytest.mark.parametrize(
    ("body", "field", "fragment", "status"),
    [
        ({"options": {"size": "XXL"}}, "options.size", "one of: S, M, L", 400),
        ({"options": {}}, "options", "object of option names", 400),
        ({"options": {"Größe": "M"}}, "options.Größe", "lower-case letters", 400),
        ({"options": {"colour": "x" * 101}}, "options.colour", "1 to 100", 400),
        ({"options": {"colour": 3}}, "options.colour", "1 to 100", 400),
        ({"options": {"size": "M"}, "gtin": "4000000000014"}, "gtin", "check digit", 400),
        ({"options": {"size": "M"}, "gtin": "12345"}, "gtin", "8, 12, 13 or 14 digits", 400),
        ({"options": {"size": "M"}, "position": -1}, "position", "greater than or equal to 0", 400),
        ({"options": "M"}, "options", "dictionary", 400),
    ],
)
def test_bad_variant_input_names_the_field_and_changes_nothing(product, body, field, fragment, status):
    vendor, owner, api, item = product
    before = row_counts()
    response = api.post(url(item), body, format="json")
    assert response.status_code == status, response.data
    assert fragment in str(response.data[field])
    assert row_counts() == before


def test_duplicates_are_refused(product, category):
    vendor, owner, api, item = product
    assert api.post(url(item), {"options": {"size": "M"}, "gtin": GTIN_M}, format="json").status_code == 201
    other = make_offer(
        vendor=vendor, owner=owner, category=category, title="Hose", sku="HOSE", gtin="4006381333931"
    ).product
    before = row_counts()
    same_options = api.post(url(item), {"options": {"size": "M"}}, format="json")
    assert same_options.status_code == 409 and "already has a variant" in same_options.data["options"][0]
    same_gtin = api.post(url(other), {"options": {"size": "S"}, "gtin": GTIN_M}, format="json")
    assert same_gtin.status_code == 409 and "already in the catalog" in same_gtin.data["gtin"][0]
    product_gtin = api.post(url(item), {"options": {"size": "S"}, "gtin": "4006381333931"}, format="json")
    assert product_gtin.status_code == 409 and "already in the catalog" in product_gtin.data["gtin"][0]
    other_names = api.post(url(item), {"options": {"colour": "rot"}}, format="json")
    assert other_names.status_code == 400 and "size" in other_names.data["options"][0]
    assert row_counts() == before


def test_offers_name_a_variant_once_the_product_has_variants(product):
    vendor, owner, api, item = product
    m = api.post(url(item), {"options": {"size": "M"}, "gtin": GTIN_M}, format="json").data
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = client_for(beta_owner)
    before = row_counts()
    unnamed = beta_api.post("/api/seller/listings/", listing(item), format="json")
    assert unnamed.status_code == 400 and f"{m['id']} (size: M)" in unnamed.data["variant"][0]
    wrong = beta_api.post("/api/seller/listings/", listing(item, variant=999999), format="json")
    assert wrong.status_code == 404 and "variant" in wrong.data
    assert row_counts() == before
    named = beta_api.post("/api/seller/listings/", listing(item, variant=m["id"]), format="json")
    assert named.status_code == 201, named.data
    assert named.data["variant_id"] == m["id"] and named.data["sku"] == f"P{item.id}-V{m['id']}"
    # A variant's GTIN names product and variant at once.
    gamma, gamma_owner = make_vendor(name="Gamma")
    by_gtin = client_for(gamma_owner).post(
        "/api/seller/listings/",
        {"gtin": GTIN_M, "price": {"amount": 1400, "currency": "EUR"}, "stock": 1},
        format="json",
    )
    assert by_gtin.status_code == 201, by_gtin.data
    assert (by_gtin.data["product_id"], by_gtin.data["variant_id"]) == (item.id, m["id"])
    # The vendor's offer from before the variants existed moves to one; a variant with offers stays.
    first_offer = Offer.objects.get(vendor=vendor, sku="TS")
    moved = api.patch(f"/api/seller/offers/{first_offer.id}/", {"variant": m["id"]}, format="json")
    assert moved.status_code == 200 and moved.data["variant_id"] == m["id"]
    in_use = api.delete(url(item, m["id"]))
    assert in_use.status_code == 409 and "3 offers" in in_use.data["variant"][0]


def test_another_vendors_product_is_not_found(product):
    vendor, owner, api, item = product
    variant = api.post(url(item), {"options": {"size": "M"}}, format="json").data
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = client_for(beta_owner)
    mine = make_offer(vendor=beta, owner=beta_owner, category=item.category, title="Eigenes", sku="B1").product
    before = row_counts()
    for method, path, body in [
        ("get", url(item), None),
        ("post", url(item), {"options": {"size": "L"}}),
        ("patch", url(item, variant["id"]), {"options": {"size": "L"}}),
        ("delete", url(item, variant["id"]), None),
        ("get", f"/api/seller/products/{item.id}/", None),
        ("patch", f"/api/seller/products/{item.id}/", {"title": "Fremd"}),
        # Beta's own product, Alpha's variant id: still not found.
        ("patch", url(mine, variant["id"]), {"options": {"size": "L"}}),
        ("delete", url(mine, variant["id"]), None),
    ]:
        response = getattr(beta_api, method)(path, body, format="json")
        assert response.status_code == 404, (method, path, response.data)
    missing = beta_api.get(url(item).replace(str(item.id), "999999"))
    assert missing.status_code == 404 and missing.data == beta_api.get(url(item)).data
    assert row_counts() == before


@pytest.mark.parametrize(
    ("role", "allowed"), [("owner", True), ("manager", True), ("fulfilment", False), ("finance", False)]
)
def test_role_matrix(product, role, allowed):
    vendor, owner, api, item = product
    existing = api.post(url(item), {"options": {"size": "S"}}, format="json").data
    member = owner
    if role != "owner":
        member = UserFactory()
        vendor_member_add(vendor=vendor, user=member, role=role)
    staff_api = client_for(member)
    before = row_counts()
    responses = [
        staff_api.post(url(item), {"options": {"size": "M"}}, format="json"),
        staff_api.patch(url(item, existing["id"]), {"gtin": GTIN_L}, format="json"),
        staff_api.patch(f"/api/seller/products/{item.id}/", {"title_en": "Shirt"}, format="json"),
        staff_api.delete(url(item, existing["id"])),
    ]
    assert staff_api.get(url(item)).status_code == 200  # every member may look
    if allowed:
        assert [r.status_code for r in responses] == [201, 200, 200, 204]
    else:
        assert [r.status_code for r in responses] == [403] * 4
        assert row_counts() == before


def test_import_rows_join_variants_by_gtin_and_need_one_otherwise(product, api_for):
    vendor, owner, api, item = product
    m = api.post(url(item), {"options": {"size": "M"}, "gtin": GTIN_M}, format="json").data
    item.gtin = "4006381333931"
    item.save(update_fields=["gtin"])
    beta, beta_owner = make_vendor(name="Beta")
    beta_api = api_for(beta_owner)
    text = f"sku,gtin,price,stock\nV-M,{GTIN_M},12.00,3\nP-1,4006381333931,12.00,3\n"
    job_id = upload(beta_api, csv_file(text), mapping="{}").data["id"]
    beta_api.post(f"{IMPORT_URL}{job_id}/start/")
    job = beta_api.get(f"{IMPORT_URL}{job_id}/").data
    assert (job["created_count"], job["error_count"]) == (1, 1), job
    joined = Offer.objects.get(vendor=beta, sku="V-M")
    assert (joined.product_id, joined.variant_id) == (item.id, m["id"])
    errors = beta_api.get(f"{IMPORT_URL}{job_id}/errors/").data["results"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "variant")] and "comes in variants" in errors[0]["message"]
