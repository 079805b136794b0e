"""Shared API plumbing: one exception handler that maps domain errors to responses."""
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        # Field errors use DRF's shape ({"field": ["message"]}) so clients handle one format.
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        body["code"] = exc.code
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)
