"""Operator console: the moderation queue (filters, claim, approve, reject, request changes,
bulk decisions) and the buyers' reports that feed it. Staff only (common.access.staff_required); every
read and write goes through moderation's selectors and services, as the operator API does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.moderation import (
    BulkDecisionForm,
    DecisionForm,
    QueueFilterForm,
    ReasonTemplateForm,
)
from marketplace.errors import DomainError, NotFound
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.conf import setting
from moderation.models import ReviewItem
from moderation.selectors_preview import review_item_preview

PAGE_SIZE = 50

DECIDE = {
    "approve": moderation_services.review_item_approve,
    "reject": moderation_services.review_item_reject,
    "request_changes": moderation_services.review_item_request_changes,
}
DONE = {
    "approve": gettext_lazy("Item %(id)s approved."),
    "reject": gettext_lazy("Item %(id)s rejected."),
    "request_changes": gettext_lazy("Changes requested for item %(id)s."),
}


@dataclass
class QueueRow:
    item: ReviewItem
    age_hours: int
    overdue: bool


def _rows(items, now: datetime) -> list[QueueRow]:
    # Age runs until the decision; only a waiting item can be overdue (same reading as the API).
    return [
        QueueRow(
            item=item,
            age_hours=int(((item.decided_at or now) - item.created_at).total_seconds() // 3600),
            overdue=item.status in ReviewItem.OPEN_STATUSES and item.due_at < now,
        )
        for item in items
    ]


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _listing(request, *, kinds: list[str] | None, fixed_kind: str | None = None):
    """The filter form and one page of matching items, or the form with its errors."""
    form = QueueFilterForm(request.GET or None, kinds=kinds)
    if request.GET and not form.is_valid():
        return form, None
    args = form.selector_args() if request.GET else {"status": "pending", "kind": None, "overdue": None}
    if fixed_kind:
        args["kind"] = fixed_kind
    try:
        items = moderation_selectors.review_item_list(**args)
    except DomainError as exc:
        add_domain_error(form, exc)
        return form, None
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return form, page


def _render_queue(request, *, bulk_form: BulkDecisionForm | None = None, status: int = 200):
    form, page = _listing(request, kinds=None)
    context = {
        "filter_form": form,
        "page": page,
        "rows": _rows(page.object_list, timezone.now()) if page is not None else [],
        "target_hours": setting("MODERATION_REVIEW_TARGET_HOURS"),
        "bulk_form": bulk_form or BulkDecisionForm(),
        "query": _query_without_page(request),
        "filtered": bool(request.GET),
    }
    # An empty queue is a page like any other (an empty Page is falsy: compare with None).
    return render(
        request, "console/moderation_queue.html", context, status=200 if page is not None and status == 200 else 400
    )


@staff_required
@require_GET
def queue(request):
    return _render_queue(request)


def _item_or_404(item_id: int) -> ReviewItem:
    try:
        return moderation_selectors.review_item_get(item_id=item_id)
    except NotFound:
        raise Http404 from None


def _render_item(request, item: ReviewItem, *, failed: DecisionForm | None = None, status: int = 200):
    (row,) = _rows([item], timezone.now())
    context = {
        "row": row,
        "item": item,
        "decidable": item.status in ReviewItem.OPEN_STATUSES,
        "claimed_by_other": item.status == ReviewItem.Status.CLAIMED and item.claimed_by_id != request.user.id,
        "failed": failed,
        # One form per decision, each with its own prefix so their inputs stay apart.
        "forms": {
            decision: failed if failed is not None and failed.prefix == decision else DecisionForm(prefix=decision)
            for decision in DECIDE
        },
        "target_hours": setting("MODERATION_REVIEW_TARGET_HOURS"),
        "preview": review_item_preview(item=item),
    }
    return render(request, "console/moderation_item.html", context, status=status)


@staff_required
@require_GET
def item_detail(request, item_id: int):
    return _render_item(request, _item_or_404(item_id))


@staff_required
@require_POST
def item_claim(request, item_id: int):
    item = _item_or_404(item_id)
    try:
        moderation_services.review_item_claim(actor=request.user, item_id=item.id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You are handling item %(id)s.") % {"id": item.id})
    return redirect("frontend:console_moderation_item", item_id=item.id)


@staff_required
@require_POST
def item_decide(request, item_id: int, decision: str):
    if decision not in DECIDE:
        raise Http404
    item = _item_or_404(item_id)
    form = DecisionForm(request.POST, prefix=decision)
    if form.is_valid():
        try:
            DECIDE[decision](
                actor=request.user,
                item_id=item.id,
                template=form.cleaned_data["template"],
                text=form.cleaned_data["reason"],
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, DONE[decision] % {"id": item.id})
            return redirect("frontend:console_moderation")
    return _render_item(request, _item_or_404(item_id), failed=form, status=400)


@staff_required
@require_POST
def bulk_decide(request):
    form = BulkDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            results = moderation_services.review_item_bulk_decide(
                actor=request.user,
                item_ids=data["ids"],
                decision=data["decision"],
                template=data["template"],
                text=data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            done = [result for result in results if result.status != "error"]
            if done:
                messages.success(request, _("%(count)s items decided.") % {"count": len(done)})
            for result in results:
                if result.status == "error":
                    problems = "; ".join(message for messages_ in result.errors.values() for message in messages_)
                    messages.error(request, _("Item %(id)s: %(problem)s") % {"id": result.id, "problem": problems})
            # Back to the same filtered list; the query is parsed and re-encoded, never passed through raw.
            query = QueryDict(request.POST.get("query", "")[:1000]).urlencode()
            return redirect(f"{reverse('frontend:console_moderation')}?{query}")
    return _render_queue(request, bulk_form=form, status=400)


# --- Reports ------------------------------------------------------------------------------


@staff_required
@require_GET
def reports(request):
    form, page = _listing(request, kinds=[ReviewItem.Kind.REPORT], fixed_kind=ReviewItem.Kind.REPORT)
    context = {
        "filter_form": form,
        "page": page,
        "rows": _rows(page.object_list, timezone.now()) if page is not None else [],
        "target_hours": setting("MODERATION_REVIEW_TARGET_HOURS"),
        "query": _query_without_page(request),
        "filtered": bool(request.GET),
    }
    return render(request, "console/reports.html", context, status=200 if page is not None else 400)


# --- Reason templates -----------------------------------------------------------------------


def _render_templates(request, *, form: ReasonTemplateForm | None = None, status: int = 200):
    context = {"templates": moderation_selectors.reason_template_list(), "form": form or ReasonTemplateForm()}
    return render(request, "console/reason_templates.html", context, status=status)


@staff_required
@require_GET
def reason_templates(request):
    return _render_templates(request)


@staff_required
@require_POST
def reason_template_create(request):
    form = ReasonTemplateForm(request.POST)
    if form.is_valid():
        try:
            template = moderation_services.reason_template_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Reason template %(code)s saved.") % {"code": template.code})
            return redirect("frontend:console_reason_templates")
    return _render_templates(request, form=form, status=400)
