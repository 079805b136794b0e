"""The survey page: the buyer answers through the signed link from the e-mail (no login).
Sellers see their results on the dashboard (seller/templatetags/survey_tags.py), operators in the console."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from buyers.surveys import services
from frontend.common.errors import add_domain_error
from frontend.storefront.forms.surveys import SurveyForm
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
            add_domain_error(form, exc)
            status = 409
        except DomainError as exc:
            add_domain_error(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "storefront/surveys/survey.html", {"survey": found, "form": form}, status=status)
