"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy.

(Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and HSTS; XFrameOptionsMiddleware sends X-Frame-Options.)
The pages load scripts and styles only from our own static files, so the policy can forbid
inline scripts; the interactive API docs load Swagger UI from its CDN with an inline starter
script, so their paths get ``CONTENT_SECURITY_POLICY_RELAXED`` instead."""

from django.conf import settings


def _header(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = _header(settings.CONTENT_SECURITY_POLICY)
        self.relaxed = _header(settings.CONTENT_SECURITY_POLICY_RELAXED)
        self.relaxed_paths = tuple(settings.CONTENT_SECURITY_POLICY_RELAXED_PATHS)
        self.permissions = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            relaxed = self.relaxed_paths and request.path.startswith(self.relaxed_paths)
            response["Content-Security-Policy"] = self.relaxed if relaxed else self.policy
        response.setdefault("Permissions-Policy", self.permissions)
        return response
