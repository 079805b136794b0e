"""Console: DAC7 for a period: who is reported and who is excluded (de minimis, outside the EU),
what data is missing, the per-seller notices (sent before the file) and the DPI XML download.
Staff only; the work is payouts.services.dac7's."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.console.forms.dac7 import Dac7PeriodForm
from marketplace.errors import DomainError
from payouts.selectors.dac7 import dac7_notice_vendor_ids
from payouts.services import dac7


def _period(data) -> tuple[Dac7PeriodForm, int, int]:
    form = Dac7PeriodForm(data if "year" in data else None, initial={"year": timezone.localdate().year - 1})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["quarter"]
    return form, timezone.localdate().year - 1, 0


def _query(year: int, quarter: int) -> str:
    return f"?year={year}&quarter={quarter}"


@staff_required
@require_GET
def dac7_overview(request):
    form, year, quarter = _period(request.GET)
    status = 400 if form.is_bound and form.errors else 200
    sellers = dac7.dac7_sellers(year=year, quarter=quarter)
    told = dac7_notice_vendor_ids(year=year, quarter=quarter)
    rows = [
        {
            "seller": s,
            "told": s.vendor.id in told,
            "url": reverse("frontend:console_vendor", args=[s.vendor.id]),
        }
        for s in sellers
    ]
    reportable = [r for r in rows if r["seller"].status == dac7.REPORTABLE]
    return render(
        request,
        "console/dac7.html",
        {
            "form": form,
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "untold": sum(1 for r in reportable if not r["told"]),
            "reportable_count": len(reportable),
            "query": _query(year, quarter),
            "threshold_sales": dac7.DE_MINIMIS_SALES,
            "threshold_amount": dac7.DE_MINIMIS_CONSIDERATION,
        },
        status=status,
    )


@staff_required
@require_POST
def dac7_notices(request):
    form, year, quarter = _period(request.POST)
    try:
        sent = dac7.dac7_notices_send(actor=request.user, year=year, quarter=quarter)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d sellers were sent their DAC7 notice.") % {"n": sent})
    return redirect(reverse("frontend:console_dac7") + _query(year, quarter))


@staff_required
@require_GET
def dac7_xml(request):
    form, year, quarter = _period(request.GET)
    try:
        file = dac7.dac7_xml(year=year, quarter=quarter)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("frontend:console_dac7") + _query(year, quarter))
    response = HttpResponse(file.xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
