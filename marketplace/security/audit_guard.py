"""Every operator request that changes data leaves an audit entry, even where the service forgot.

Services write the precise entries (``audit_record`` inside their transaction). This middleware
is the net under them: for a staff user's POST/PUT/PATCH/DELETE it watches the SQL the request
runs; if the request wrote to any table of the application and no audit entry was written, it
records one (``operator.request``: route, method, URL arguments, answer status). Bookkeeping
tables (sessions, login attempts, two-factor devices) do not count as changes.

DRF authenticates inside the view and sets ``request.user`` on the Django request, so API
requests are judged after the response, with the user the view saw.
"""

from __future__ import annotations

import re

from django.db import connection

from marketplace.models import AuditLogEntry

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "otp_static_statictoken",
        "auth_user",  # last_login on sign-in; role and staff changes are audited by their services
    }
)
AUDIT_TABLE = AuditLogEntry._meta.db_table


class _WriteWatcher:
    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            self.tables.add(match.group(1).lower())
        return execute(sql, params, many, context)


class OperatorAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in UNSAFE:
            return self.get_response(request)
        watcher = _WriteWatcher()
        with connection.execute_wrapper(watcher):
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if not (getattr(user, "is_authenticated", False) and user.is_staff) or response.status_code >= 400:
            return response
        changed = watcher.tables - IGNORED_TABLES - {AUDIT_TABLE}
        if changed and AUDIT_TABLE not in watcher.tables:
            match = request.resolver_match
            AuditLogEntry.objects.create(
                actor=user,
                action="operator.request",
                object_type=match.view_name if match else "",
                object_id=",".join(str(v) for v in (match.kwargs.values() if match else []))[:64],
                data={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "tables": sorted(changed),
                },
            )
        return response
