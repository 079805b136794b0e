"""Console: the shop's legal pages as versioned texts (marketplace.legal). Staff only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.legal import LegalTextForm
from marketplace import legal
from marketplace.errors import DomainError
from marketplace.models import LegalTextVersion

KIND = LegalTextVersion.Kind
# Where the storefront shows each text.
STOREFRONT_URL = {
    KIND.IMPRINT: "frontend:legal_imprint",
    KIND.TERMS: "frontend:legal_terms",
    KIND.PRIVACY: "frontend:privacy",
    KIND.WITHDRAWAL: "frontend:withdrawal_info",
    KIND.SHIPPING: "frontend:shipping_terms",
    KIND.PAYMENT: "frontend:legal_payment",
    KIND.ACCESSIBILITY: "frontend:legal_accessibility",
}


@staff_required
@require_GET
def legal_texts(request):
    rows = [
        {
            "kind": kind,
            "label": kind.label,
            "current": legal.legal_text_current(kind=kind),
            "draft": legal.legal_text_draft(kind=kind),
        }
        for kind in KIND
    ]
    return render(request, "console/legal/list.html", {"rows": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def legal_text_edit(request, kind: str):
    if kind not in KIND.values:
        raise Http404
    draft = legal.legal_text_draft(kind=kind)
    current = legal.legal_text_current(kind=kind)
    start = draft or current
    initial = {"body_de": start.body_de, "body_en": start.body_en, "note": draft.note if draft else ""} if start else {}
    form = LegalTextForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        publish = request.POST.get("action") == "publish"
        if form.is_valid():
            try:
                saved = legal.legal_text_save(actor=request.user, kind=kind, publish=publish, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if publish:
                    messages.success(request, _("Version %(version)d is published.") % {"version": saved.version})
                else:
                    messages.success(request, _("Draft of version %(version)d saved.") % {"version": saved.version})
                return redirect("frontend:console_legal_text", kind=kind)
        status = 400
    return render(
        request,
        "console/legal/edit.html",
        {
            "kind": kind,
            "label": KIND(kind).label,
            "form": form,
            "draft": draft,
            "current": current,
            "history": legal.legal_text_history(kind=kind),
            "storefront_url": STOREFRONT_URL[kind],
        },
        status=status,
    )
