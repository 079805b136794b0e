"""DRF authentication by API key (``Authorization: Bearer mk_...``), scope checked per route.

Listed first in ``DEFAULT_AUTHENTICATION_CLASSES``; a request without a bearer key falls through
to the session and basic classes. The key's route and method must be granted by its scopes
(integrations.scopes) before any view runs: a route closed to keys or a missing scope is a 403
naming the scope. The request's user is the key's creator (services record an actor), but the
acting vendor is always the key's vendor (vendors.api.acting_vendor reads ``request.auth``).
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from integrations.api_keys import api_key_authenticate
from integrations.scopes import grants, required_scope


class ApiKeyAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header: use 'Bearer mk_...'."))
        try:
            presented = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from None
        if not presented.startswith("mk_"):
            return None  # another bearer scheme (none today) may claim it
        key = api_key_authenticate(presented)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        match = getattr(request._request, "resolver_match", None)
        needed = required_scope(url_name=match.url_name if match else None, method=request.method)
        if needed is None:
            raise exceptions.PermissionDenied(_("API keys cannot call this endpoint."))
        if not grants(key.scopes, needed):
            raise exceptions.PermissionDenied(_("This API key lacks the scope %(scope)s.") % {"scope": needed})
        return key.created_by, key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Seller API key (mk_...), scopes per route"}
