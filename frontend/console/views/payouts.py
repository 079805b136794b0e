"""Console: payout runs, and starting one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.labels import label
from frontend.console.forms.payouts import PayoutRunForm
from payouts.models import PayoutRun
from payouts.selectors import payouts as payout_selectors
from payouts.services import payout_runs


def _render_runs(request, form: PayoutRunForm | None = None, status: int = 200):
    runs = payout_selectors.payout_run_list()[:50]
    rows = [
        [
            run.id,
            date_format(localtime(run.started_at), "SHORT_DATETIME_FORMAT"),
            label("payout_trigger", run.trigger),
            {"status": run.status, "kind": "payout_run_status"},
            run.vendors_considered,
            len(run.payouts.all()),
        ]
        for run in runs
    ]
    columns = [
        _("Run"),
        _("Started"),
        _("Trigger"),
        _("Status"),
        ("considered", _("Vendors considered"), True),
        ("payouts", _("Payouts"), True),
    ]
    context = {"rows": rows, "columns": columns, "form": form or PayoutRunForm()}
    return render(request, "console/payout_runs.html", context, status=status)


@staff_required
@require_GET
def payout_run_list(request):
    return _render_runs(request)


@staff_required
@require_POST
def payout_run_start(request):
    form = PayoutRunForm(request.POST)
    if not form.is_valid():
        return _render_runs(request, form, status=400)
    run = payout_runs.payout_run_start(
        trigger=PayoutRun.Trigger.OPERATOR, actor=request.user, currency=form.cleaned_data["currency"]
    )
    messages.success(request, _("Payout run %(id)s: %(count)s payouts.") % {"id": run.pk, "count": run.payouts.count()})
    return redirect(reverse("frontend:console_payout_runs"))
