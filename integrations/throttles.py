"""A rate limit per API client: every key has its own count (``THROTTLE_API_KEY``)."""

from rest_framework.throttling import SimpleRateThrottle


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        key = request.auth
        if not getattr(key, "is_api_key", False):
            return None  # sessions and basic auth: not this limit's business
        return self.cache_format % {"scope": self.scope, "ident": key.pk}
