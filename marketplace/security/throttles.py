"""Rate limits by route name, so limits on other apps' endpoints (search, checkout) are set in
one place without touching their views: ``THROTTLE_ROUTES`` maps a URL name to a scope of
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``. Listed in ``DEFAULT_THROTTLE_CLASSES``; routes not
in the map are not limited by it. Signed-in users are counted per user, others per address."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class AuthThrottle(AnonRateThrottle):
    """Login, registration and password reset (``THROTTLE_AUTH``), per address. The API views and
    the server-rendered pages (``frontend.storefront.views.account.rate_limited``) count in the
    same cache entry, so switching between them does not double the allowance."""

    scope = "auth"

    def get_cache_key(self, request, view):
        # Per address even when signed in: a registration signs the client in, and the next one
        # from the same address must still count.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RouteThrottle(SimpleRateThrottle):
    cache_format = "throttle_route_%(scope)s_%(ident)s"

    def __init__(self):
        pass  # the rate depends on the route, known only in allow_request

    def allow_request(self, request, view):
        match = getattr(request, "resolver_match", None)
        self.scope = settings.THROTTLE_ROUTES.get(match.view_name if match else "")
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
