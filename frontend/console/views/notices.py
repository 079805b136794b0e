"""Operator console for notice and action: the notice queue and its decisions, complaints
(decided by another operator than the one who decided), repeat offenders and abusive notifiers,
and the yearly transparency export. Staff only; every step is a moderation service."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.notices import (
    AppealDecisionForm,
    NoticeDecisionForm,
    NotifierSuspendForm,
)
from marketplace.errors import DomainError, NotFound
from moderation import selectors_notices as selectors
from moderation.models import Appeal, Notice
from moderation.services.appeals import appeal_decide
from moderation.services.notices import notice_decide, notifier_suspend
from moderation.transparency_db import tdb_export_lines, tdb_statements

PAGE_SIZE = 50


@staff_required
@require_GET
def notices(request):
    status = request.GET.get("status") or Notice.Status.RECEIVED
    if status not in Notice.Status.values:
        status = Notice.Status.RECEIVED
    page = Paginator(selectors.notice_list(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "console/notices/list.html",
        {"page": page, "status": status, "statuses": Notice.Status.choices, "year": timezone.localdate().year},
    )


def _render_notice(request, notice_id: int, *, form=None, status=200):
    try:
        notice = selectors.notice_get(notice_id=notice_id)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "console/notices/detail.html",
        {"notice": notice, "form": form or NoticeDecisionForm(), "statements": notice.statements.all()},
        status=status,
    )


@staff_required
@require_GET
def notice_detail(request, notice_id: int):
    return _render_notice(request, notice_id)


@staff_required
@require_POST
def notice_decide_view(request, notice_id: int):
    form = NoticeDecisionForm(request.POST)
    if form.is_valid():
        try:
            notice = notice_decide(actor=request.user, notice_id=notice_id, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Notice %(reference)s decided: %(status)s.")
                % {"reference": notice.reference, "status": notice.get_status_display()},
            )
            return redirect("frontend:console_notice", notice_id=notice.id)
    return _render_notice(request, notice_id, form=form, status=400)


def _render_appeals(request, *, forms=None, status=200):
    state = request.GET.get("status") or Appeal.Status.OPEN
    if state not in Appeal.Status.values:
        state = Appeal.Status.OPEN
    forms = forms or {}
    appeals = [
        (a, forms.get(a.id) or AppealDecisionForm(prefix=f"a{a.id}"))
        for a in selectors.appeal_list(status=state)[:PAGE_SIZE]
    ]
    return render(
        request,
        "console/notices/appeals.html",
        {"appeals": appeals, "status": state, "statuses": Appeal.Status.choices},
        status=status,
    )


@staff_required
@require_GET
def appeals(request):
    return _render_appeals(request)


@staff_required
@require_POST
def appeal_decide_view(request, appeal_id: int):
    if not Appeal.objects.filter(id=appeal_id).exists():
        raise Http404
    form = AppealDecisionForm(request.POST, prefix=f"a{appeal_id}")
    if form.is_valid():
        try:
            appeal = appeal_decide(actor=request.user, appeal_id=appeal_id, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Complaint about %(reference)s decided: %(status)s.")
                % {"reference": appeal.statement.reference, "status": appeal.get_status_display()},
            )
            return redirect("frontend:console_appeals")
    return _render_appeals(request, forms={appeal_id: form}, status=400)


def _render_offenders(request, *, form=None, status=200):
    return render(
        request,
        "console/notices/offenders.html",
        {
            "offenders": selectors.repeat_offenders(),
            "notifiers": selectors.abusive_notifiers(),
            "form": form or NotifierSuspendForm(),
        },
        status=status,
    )


@staff_required
@require_GET
def offenders(request):
    return _render_offenders(request)


@staff_required
@require_POST
def notifier_suspend_view(request):
    form = NotifierSuspendForm(request.POST)
    if form.is_valid():
        try:
            suspension = notifier_suspend(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Notices from %(email)s are not processed until %(date)s.")
                % {"email": suspension.email, "date": suspension.until.date().isoformat()},
            )
            return redirect("frontend:console_notice_offenders")
    return _render_offenders(request, form=form, status=400)


@staff_required
@require_GET
def transparency(request):
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    try:
        report = selectors.transparency_report(year=year)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    if request.GET.get("export") == "csv":
        response = HttpResponse(selectors.transparency_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="transparency-{year}.csv"'
        return response
    return render(request, "console/notices/transparency.html", {"report": report, "year": year})


@staff_required
@require_GET
def transparency_db_export(request):
    """The year's statements of reasons as JSON lines in the DSA Transparency Database's fields."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    if not 2020 <= year <= timezone.localdate().year:
        return HttpResponse(
            _("Choose a year from 2020 to this year."), status=400, content_type="text/plain; charset=utf-8"
        )
    statements = tdb_statements(date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    response = HttpResponse("".join(tdb_export_lines(statements)), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statements-of-reasons-{year}.jsonl"'
    return response
