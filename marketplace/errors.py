"""Domain errors raised by services; the API layer turns them into 4xx responses."""


class DomainError(Exception):
    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        if field == "error_code":  # marketplace.api.ERROR_CODE_KEY: the error code's own key
            raise ValueError("A domain error cannot name a field 'error_code'")
        self.message = message
        self.field = field
        self.code = code or self.default_code


class NotFound(DomainError):
    """Missing, or owned by someone else: the two are deliberately indistinguishable."""

    status_code = 404
    default_code = "not_found"


class PermissionDenied(DomainError):
    status_code = 403
    default_code = "permission_denied"


class Conflict(DomainError):
    status_code = 409
    default_code = "conflict"


class Unprocessable(DomainError):
    """Well-formed but refused as a whole, e.g. a changed request under a used idempotency key."""

    status_code = 422
    default_code = "unprocessable"


class ValidationFailed(DomainError):
    """Input refused by a shared check (uploads): 400 naming the field, why and what is allowed."""

    status_code = 400
    default_code = "invalid"


class ServiceUnavailable(DomainError):
    """A service we depend on is away (search engine, ...): 503, with a Retry-After hint."""

    status_code = 503
    default_code = "service_unavailable"

    def __init__(self, message: str, *, retry_after: int = 30, field: str | None = None, code: str | None = None):
        super().__init__(message, field=field, code=code)
        self.retry_after = retry_after
