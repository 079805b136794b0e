"""Console: the audit log with filters (who, object, action, days) and its CSV export."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.common.access import staff_required
from frontend.console.forms.audit import AuditFilterForm
from marketplace import selectors as kernel
from marketplace.csv_export import csv_text

PAGE_SIZE = 50
CSV_LIMIT = 50_000


def _filtered(request):
    form = AuditFilterForm(request.GET or None, object_types=kernel.audit_object_types())
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    entries = kernel.audit_log_list(
        actor=data.get("actor") or "",
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id") or "",
        action=data.get("action") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return form, entries


@staff_required
@require_GET
def audit_log(request):
    form, entries = _filtered(request)
    if entries is None:
        return render(request, "console/audit.html", {"form": form, "page": None, "section": "audit"}, status=400)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "when": date_format(localtime(entry.created_at), "SHORT_DATETIME_FORMAT"),
            "actor": entry.actor.email or entry.actor.get_username() if entry.actor else _("System"),
            "action": entry.action,
            "object": f"{entry.object_type} #{entry.object_id}",
            "reason": entry.reason,
        }
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "section": "audit",
        "filtered": bool(
            request.GET.get("actor")
            or request.GET.get("object_type")
            or request.GET.get("object_id")
            or request.GET.get("action")
            or request.GET.get("date_from")
            or request.GET.get("date_to")
        ),
        "columns": [
            ("when", _("Date")),
            ("actor", _("Who")),
            ("action", _("Action")),
            ("object", _("Object")),
            ("reason", _("Reason")),
        ],
        "csv_query": query.urlencode(),
    }
    return render(request, "console/audit.html", context)


@staff_required
@require_GET
def audit_log_csv(request):
    form, entries = _filtered(request)
    if entries is None:
        return HttpResponse(
            _("The filters are not valid: %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = (
        (
            localtime(e.created_at).isoformat(),
            e.actor.email if e.actor else "",
            e.actor.get_username() if e.actor else "",
            e.action,
            e.object_type,
            e.object_id,
            e.reason,
            json.dumps(e.data, ensure_ascii=False, sort_keys=True),
        )
        for e in entries[:CSV_LIMIT]
    )
    text = csv_text(
        ["created_at", "actor_email", "actor_username", "action", "object_type", "object_id", "reason", "data"], rows
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{timezone.localdate().isoformat()}.csv"'
    return response
