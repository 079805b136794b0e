import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/checkout/",
        "/api/search/products/",
        "/api/seller/listings/",
        "/api/operator/vendors/{vendor_id}/approve/",
    ):
        assert path in paths
    assert api.get("/api/docs/").status_code == 200
