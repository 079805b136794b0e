"""The API's list pagination: DRF's limit/offset with bounds, so a huge ``limit`` or ``offset``
is a short or empty page instead of a database error (PostgreSQL's LIMIT/OFFSET are bigint)."""

from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000  # far past any real list: an empty page


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 500

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
