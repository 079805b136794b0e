"""Console: the platform's survey results, per vendor, and recent comments."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from buyers.surveys import selectors
from frontend.common.access import staff_required


@staff_required
@require_GET
def console_surveys(request):
    return render(
        request,
        "console/surveys.html",
        {
            "platform": selectors.survey_results(),
            "vendors": selectors.survey_results_by_vendor(),
            "comments": selectors.survey_recent_comments(),
        },
    )
