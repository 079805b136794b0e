"""Survey pages: the buyer answers through the signed link from the e-mail (no login); the
console shows the platform's results per vendor. Sellers see theirs on the portal dashboard
(templatetags/survey_tags.py)."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from buyers.surveys import selectors, services
from frontend.forms_surveys import SurveyForm
from frontend.views import _add_domain_error, staff_required
from marketplace.errors import Conflict, DomainError, NotFound


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        found = services.survey_from_token(token=token)
    except NotFound:
        raise Http404 from None
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            found = services.survey_answer(token=token, **form.cleaned_data)
        except Conflict as exc:
            _add_domain_error(form, exc)
            status = 409
        except DomainError as exc:
            _add_domain_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "frontend/surveys/survey.html", {"survey": found, "form": form}, status=status)


@staff_required
@require_GET
def console_surveys(request):
    return render(request, "frontend/surveys/console.html", {
        "platform": selectors.survey_results(),
        "vendors": selectors.survey_results_by_vendor(),
        "comments": selectors.survey_recent_comments(),
    })
