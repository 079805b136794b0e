"""Shared API plumbing: one exception handler that maps domain errors to responses."""
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import DomainError


# The key of the machine-readable error code in every domain error body. It must not be a field
# name: "code" was, and a coupon's field "code" then lost its message to the error code.
ERROR_CODE_KEY = "error_code"
# Deprecated alias of ERROR_CODE_KEY for clients written before it; left out when a field of that
# name carries messages (field messages and the error code never share a key).
LEGACY_CODE_KEY = "code"


def error_body(*, message: str, code: str, field: str | None = None) -> dict:
    """A domain error as a response body: DRF's shape for field errors ({"field": ["message"]}) or
    {"detail": message}, plus the error code under ERROR_CODE_KEY."""
    body = {field: [message]} if field else {"detail": message}
    body[ERROR_CODE_KEY] = code
    body.setdefault(LEGACY_CODE_KEY, code)
    return body


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(message=exc.message, code=exc.code, field=exc.field), status=exc.status_code)
    return drf_exception_handler(exc, context)


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)
