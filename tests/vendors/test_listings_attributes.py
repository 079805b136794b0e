"""Attribute schema per category (operators) and product attributes checked against it."""

import pytest

from tests.conftest import client_for, row_counts
from tests.factories import CategoryFactory, make_vendor
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(operator):
    operator_api = client_for(operator)
    parent = CategoryFactory(slug="elektronik")
    child = CategoryFactory(slug="kopfhoerer", parent=parent)
    for body, category in [
        ({"code": "marke_modell", "name_de": "Modell", "name_en": "Model", "kind": "text"}, parent),
        (
            {
                "code": "gewicht",
                "name_de": "Gewicht",
                "name_en": "Weight",
                "kind": "number",
                "unit": "g",
                "required": True,
            },
            child,
        ),
        (
            {
                "code": "bauform",
                "name_de": "Bauform",
                "name_en": "Form",
                "kind": "enum",
                "allowed_values": ["In-Ear", "Over-Ear"],
                "required": True,
            },
            child,
        ),
        ({"code": "kabellos", "name_de": "Kabellos", "name_en": "Wireless", "kind": "boolean"}, child),
    ]:
        response = operator_api.post(f"/api/operator/categories/{category.id}/attributes/", body, format="json")
        assert response.status_code == 201, response.data
    return child, operator_api


def listing(category, attributes):
    return {
        "category": category.id,
        "title": "Kopfhörer",
        "price": {"amount": 4999, "currency": "EUR"},
        "stock": 3,
        "attributes": attributes,
    }


def test_valid_attributes_are_stored_cleaned(schema):
    category, _ = schema
    vendor, owner = make_vendor(name="Alpha")
    attributes = {"gewicht": "250,5", "bauform": "Over-Ear", "kabellos": "ja", "marke_modell": " Ruhe Pro "}
    response = client_for(owner).post("/api/seller/listings/", listing(category, attributes), format="json")
    assert response.status_code == 201, response.data
    product = Product.objects.get(id=response.data["product_id"])
    assert product.attributes == {"gewicht": 250.5, "bauform": "Over-Ear", "kabellos": True, "marke_modell": "Ruhe Pro"}


@pytest.mark.parametrize(
    ("attributes", "field", "fragment"),
    [
        ({"bauform": "In-Ear"}, "attributes.gewicht", "Required"),
        ({"gewicht": 20}, "attributes.bauform", "Required"),
        ({"gewicht": "schwer", "bauform": "In-Ear"}, "attributes.gewicht", "number (in g)"),
        ({"gewicht": 20, "bauform": "Clip"}, "attributes.bauform", "In-Ear, Over-Ear"),
        ({"gewicht": 20, "bauform": "In-Ear", "kabellos": "vielleicht"}, "attributes.kabellos", "Yes or no"),
        ({"gewicht": 20, "bauform": "In-Ear", "farbe": "rot"}, "attributes.farbe", "not an attribute"),
        ({"gewicht": 20, "bauform": "In-Ear", "marke_modell": ""}, None, None),
    ],
)
def test_bad_attributes_name_the_attribute_and_change_nothing(schema, attributes, field, fragment):
    category, _ = schema
    vendor, owner = make_vendor(name="Alpha")
    before = row_counts()
    response = client_for(owner).post("/api/seller/listings/", listing(category, attributes), format="json")
    if field is None:  # an empty optional attribute is simply left out
        assert response.status_code == 201
        return
    assert response.status_code == 400, response.data
    assert fragment in response.data[field][0]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "farbe", "name_de": "Farbe", "name_en": "Colour", "kind": "enum"}, "allowed_values"),
        ({"code": "farbe", "name_de": "Farbe", "name_en": "Colour", "kind": "text", "unit": "cm"}, "unit"),
        ({"code": "gewicht", "name_de": "G", "name_en": "W", "kind": "number"}, "code"),
        ({"code": "Farbe Rot", "name_de": "Farbe", "name_en": "Colour", "kind": "text"}, "code"),
        ({"code": "farbe", "name_de": "Farbe", "name_en": "Colour", "kind": "colour"}, "kind"),
    ],
)
def test_schema_rejects_bad_definitions(schema, body, field):
    category, operator_api = schema
    before = row_counts()
    response = operator_api.post(f"/api/operator/categories/{category.id}/attributes/", body, format="json")
    assert response.status_code in (400, 409) and field in response.data, response.data
    assert row_counts() == before


def test_only_operators_manage_schemas(schema):
    category, operator_api = schema
    vendor, owner = make_vendor(name="Alpha")
    before = row_counts()
    body = {"code": "farbe", "name_de": "Farbe", "name_en": "Colour", "kind": "text"}
    assert (
        client_for(owner).post(f"/api/operator/categories/{category.id}/attributes/", body, format="json").status_code
        == 403
    )
    assert row_counts() == before
    listed = operator_api.get(f"/api/operator/categories/{category.id}/attributes/").data
    assert [d["code"] for d in listed] == ["bauform", "gewicht", "kabellos"]
    assert (
        operator_api.delete(f"/api/operator/categories/{category.id}/attributes/{listed[2]['id']}/").status_code == 204
    )
    assert operator_api.delete(f"/api/operator/categories/{category.id}/attributes/999999/").status_code == 404


def test_category_without_schema_keeps_plain_attributes(category):
    vendor, owner = make_vendor(name="Alpha")
    api = client_for(owner)
    response = api.post(
        "/api/seller/listings/", listing(category, {"material": "Titan", "gewicht_g": 20}), format="json"
    )
    assert response.status_code == 201
    assert Product.objects.get(id=response.data["product_id"]).attributes == {"material": "Titan", "gewicht_g": 20}
    before = row_counts()
    response = api.post("/api/seller/listings/", listing(category, {"material": {"nested": 1}}), format="json")
    assert response.status_code == 400 and "attributes.material" in response.data
    assert row_counts() == before
