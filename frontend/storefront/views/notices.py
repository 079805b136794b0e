"""Public notice form (DSA Art. 16): anyone, signed in or not, reports an offer, a seller or a
review; the acknowledgement page shows the reference (the same goes out by e-mail)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from frontend.common.errors import add_domain_error
from frontend.storefront.forms.notices import NoticeForm
from marketplace.errors import DomainError
from moderation.services.notices import notice_create
from moderation.targets import target_load


def _initial(request) -> dict:
    initial = {"url": request.GET.get("url", "")[:1000]}
    if request.GET.get("kind") in ("offer", "vendor", "review") and request.GET.get("id", "").isdigit():
        # A "report" link names its content; the form shows (and checks) the content's own address.
        target = target_load(request.GET["kind"], int(request.GET["id"]))
        if target is not None:
            initial.update(target_kind=target.kind, target_id=target.id, url=request.build_absolute_uri(target.url))
    if request.user.is_authenticated:
        initial.update(name=request.user.get_full_name(), email=request.user.email)
    return initial


@require_http_methods(["GET", "POST"])
def notice_new(request):
    if request.method == "GET":
        return render(request, "storefront/notices/new.html", {"form": NoticeForm(initial=_initial(request))})
    form = NoticeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            notice = notice_create(
                notifier=request.user,
                url=d["url"],
                category=d["category"],
                explanation=d["explanation"],
                name=d["name"],
                email=d["email"],
                good_faith=d["good_faith"],
                language=get_language() or "de",
                target_kind=d["target_kind"] or None,
                target_id=d["target_id"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return render(request, "storefront/notices/received.html", {"notice": notice})
    return render(request, "storefront/notices/new.html", {"form": form}, status=400)
