"""Seller central: becoming sellable. The verification page (what is missing, the operator's
question and its answer, the Stripe payout account) and the documents page (upload, list,
download, delete). Every step calls the service the seller API calls (vendors/api_onboarding.py)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.verification import DocumentUploadForm, InfoAnswerForm
from frontend.seller.portal import checklist_rows, one_click_step, portal_context
from marketplace.errors import DomainError
from vendors import selectors as vendor_selectors
from vendors import services as vendor_services
from vendors.api_onboarding import document_response
from vendors.models import Vendor
from vendors.services.documents import MAX_DOCUMENTS, UPLOAD_STATUSES, vendor_document_delete_check


def _render_verification(request, vendor, answer_form=None, status: int = 200):
    vendor.refresh_from_db()
    context = portal_context(request, vendor, "verification")
    context |= {
        "checklist": checklist_rows(vendor, context["can"], context["who_can"]),
        "answer_form": answer_form or InfoAnswerForm(),
        "asked": vendor.status == Vendor.Status.INFO_REQUESTED,
        "stripe_possible": vendor.status == Vendor.Status.APPROVED,
        "documents_url": portal_url("frontend:seller_documents", vendor),
        "trader_url": portal_url("frontend:seller_trader", vendor),
    }
    return render(request, "seller/verification.html", context, status=status)


@require_GET
@seller_page
def verification(request, vendor):
    return _render_verification(request, vendor)


@require_POST
@seller_page
def info_answer(request, vendor):
    vendor = require_step(request, vendor, "info_answer")
    form = InfoAnswerForm(request.POST)
    if form.is_valid():
        try:
            vendor_services.vendor_info_answer(actor=request.user, vendor=vendor, message=form.cleaned_data["message"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Thank you, your answer is with our team; the review continues."))
            return redirect(portal_url("frontend:seller_verification", vendor))
    return _render_verification(request, vendor, answer_form=form, status=400)


def _stripe_link_or_back(request, vendor):
    """A fresh Account Link (Stripe's hosted onboarding) and a redirect to it; Stripe sends the
    seller back to the return URL when done and to the refresh URL when the link expired."""

    def absolute(name):
        return request.build_absolute_uri(portal_url(name, vendor))

    try:
        link = vendor_services.vendor_stripe_onboarding_link(
            vendor=vendor,
            refresh_url=absolute("frontend:seller_stripe_refresh"),
            return_url=absolute("frontend:seller_stripe_return"),
        )
    except DomainError as exc:  # not approved yet, Stripe not configured or unreachable: the reason, on the page
        messages.error(request, exc.message)
        return redirect(portal_url("frontend:seller_verification", vendor) + "#payouts")
    return redirect(link.url)


@require_GET
@seller_page
def stripe_onboarding(request, vendor):
    """On to Stripe's hosted onboarding with a fresh Account Link. Also Stripe's refresh URL (the
    link expired or was used: a new one continues where the seller stopped). A GET and a link, not
    a form: the Content-Security-Policy's form-action 'self' stops a form from being redirected to
    Stripe. It changes nothing of ours beyond creating the Express account once (idempotent)."""
    return _stripe_link_or_back(request, require_step(request, vendor, "stripe_onboarding"))


@require_GET
@seller_page
def stripe_return(request, vendor):
    """Stripe's return URL: the seller left the hosted onboarding (finished or not). Stripe reports
    the outcome through the account.updated webhook, which sets ``payouts_enabled``."""
    vendor.refresh_from_db()
    if vendor.payouts_enabled:
        messages.success(request, _("Stripe has confirmed your payout account: payouts are enabled."))
    else:
        messages.info(
            request,
            _(
                "Welcome back from Stripe. As soon as Stripe confirms your details, payouts are enabled here; "
                "if you stopped early, continue the setup with the button below."
            ),
        )
    return redirect(portal_url("frontend:seller_verification", vendor) + "#payouts")


# ------------------------------------------------------------------------------ documents


def _render_documents(request, vendor, form=None, status: int = 200):
    vendor.refresh_from_db()
    documents = list(vendor_selectors.vendor_document_list(vendor=vendor))
    for document in documents:  # the service's own rule: may it go now, and if not, why not
        try:
            vendor_document_delete_check(vendor=vendor, document=document)
        except DomainError as exc:
            document.deletable, document.kept_because = False, exc.message
        else:
            document.deletable, document.kept_because = True, ""
    rows = [
        [
            format_html(
                '<a href="{}">{}</a>',
                portal_url("frontend:seller_document", vendor, document.id),
                document.get_kind_display(),
            ),
            document.original_name or "–",
            filesizeformat(document.size),
            date_format(timezone.localtime(document.created_at), "SHORT_DATETIME_FORMAT"),
            render_to_string("seller/_document_delete.html", {"document": document, "vendor": vendor}, request=request),
        ]
        for document in documents
    ]
    context = portal_context(request, vendor, "documents") | {
        "rows": rows,
        "columns": [_("Document"), _("File name"), _("Size"), _("Uploaded"), _("Delete")],
        "form": form or DocumentUploadForm(),
        "can_upload": vendor.status in UPLOAD_STATUSES and len(documents) < MAX_DOCUMENTS,
        "max_documents": MAX_DOCUMENTS,
        "verification_url": portal_url("frontend:seller_verification", vendor),
    }
    return render(request, "seller/documents.html", context, status=status)


@require_GET
@seller_page
def documents(request, vendor):
    return _render_documents(request, require_step(request, vendor, "documents"))


@require_POST
@seller_page
def document_upload(request, vendor):
    vendor = require_step(request, vendor, "documents")
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = vendor_services.vendor_document_upload(
                vendor=vendor, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except DomainError as exc:  # content, size, count or status: the service says which
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(kind)s uploaded.") % {"kind": document.get_kind_display()})
            return redirect(portal_url("frontend:seller_documents", vendor))
    return _render_documents(request, vendor, form=form, status=400)


def _own_document(request, vendor, document_id: int):
    return owned_with_role(
        request,
        vendor,
        step="documents",
        lookup=lambda v: vendor_selectors.vendor_document_get(vendor=v, document_id=document_id),
    )


@require_GET
@seller_page
def document_download(request, vendor, document_id: int):
    _vendor, document = _own_document(request, vendor, document_id)
    return document_response(document)


@require_POST
@seller_page
def document_delete(request, vendor, document_id: int):
    vendor, document = _own_document(request, vendor, document_id)
    kind = document.get_kind_display()
    return one_click_step(
        request,
        lambda: vendor_services.vendor_document_delete(vendor=vendor, actor=request.user, document_id=document.id),
        done=_("%(kind)s deleted.") % {"kind": kind},
        back=portal_url("frontend:seller_documents", vendor),
    )
