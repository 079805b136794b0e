"""Shared API plumbing: one exception handler that maps domain errors to responses."""

from collections.abc import Callable

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import DomainError, ServiceUnavailable

# Apps that wrap an outside system turn its exceptions into domain errors here (registered in
# their AppConfig.ready), so the kernel imports no SDK: e.g. search answers 503 for a missing index.
_translators: list[Callable[[Exception], DomainError | None]] = []


def exception_translator_register(translate: Callable[[Exception], DomainError | None]) -> None:
    if translate not in _translators:
        _translators.append(translate)


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
    if not isinstance(exc, DomainError):
        for translate in _translators:
            if (translated := translate(exc)) is not None:
                exc = translated
                break
    if isinstance(exc, DomainError):
        response = Response(error_body(message=exc.message, code=exc.code, field=exc.field), status=exc.status_code)
        if isinstance(exc, ServiceUnavailable):
            response["Retry-After"] = str(exc.retry_after)
        return response
    return drf_exception_handler(exc, context)


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)
