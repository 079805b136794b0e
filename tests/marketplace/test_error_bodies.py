"""Domain error bodies: field messages and the error code never share a key."""

import pytest

from marketplace.api import exception_handler
from marketplace.errors import Conflict, DomainError


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (
            DomainError("Unknown code.", field="code", code="coupon_unknown"),
            {"code": ["Unknown code."], "error_code": "coupon_unknown"},
        ),
        (
            DomainError("Too many.", field="quantity", code="insufficient_stock"),
            {"quantity": ["Too many."], "error_code": "insufficient_stock", "code": "insufficient_stock"},
        ),
        (
            Conflict("Decided already.", code="already_decided"),
            {"detail": "Decided already.", "error_code": "already_decided", "code": "already_decided"},
        ),
    ],
)
def test_the_error_code_has_its_own_key(error, body):
    response = exception_handler(error, {})
    assert response.status_code == error.status_code and response.data == body


def test_a_field_cannot_take_the_error_codes_key():
    with pytest.raises(ValueError):
        DomainError("x", field="error_code")


@pytest.mark.django_db
def test_the_schema_documents_the_error_code(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "error_code" in schema["info"]["description"]
