"""Console: product compliance. A category's legal gates (GPSR, LUCID, WEEE, batteries), the
sellers' registration numbers to verify, and product recalls. Staff only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.compliance import CategoryComplianceForm, RecallForm
from marketplace.errors import DomainError
from moderation.models import ProductRecall
from moderation.services.recall import product_recall
from vendors.models import Product
from vendors.services.compliance import category_compliance_set, registrations_list, seller_registration_verify


@staff_required
@require_POST
def category_compliance(request, category_id: int):
    form = CategoryComplianceForm(request.POST)
    if form.is_valid():
        try:
            category_compliance_set(actor=request.user, category_id=category_id, flags=form.cleaned_data)
        except DomainError as exc:
            if exc.code == "not_found":
                raise Http404 from None
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Legal requirements saved; the category's offers were checked again."))
    return redirect("frontend:console_category", category_id=category_id)


@staff_required
@require_GET
def registrations(request):
    return render(request, "console/registrations.html", {"rows": registrations_list()})


@staff_required
@require_POST
def registration_verify(request, registration_id: int):
    try:
        registration = seller_registration_verify(
            actor=request.user, registration_id=registration_id, verified=request.POST.get("verified") != "0"
        )
    except DomainError:
        raise Http404 from None
    messages.success(
        request,
        _("%(number)s of %(vendor)s marked as checked.")
        % {"number": registration.number, "vendor": registration.vendor},
    )
    return redirect("frontend:console_registrations")


@staff_required
@require_GET
def recalls(request):
    return render(
        request,
        "console/recalls.html",
        {"rows": ProductRecall.objects.select_related("product").prefetch_related("notices")},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def recall_new(request, product_id: int):
    product = Product.objects.filter(id=product_id).first()
    if product is None:
        raise Http404
    form = RecallForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                recall = product_recall(actor=request.user, product_id=product.id, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Recall recorded: %(n)d offers removed, buyers are being told.") % {"n": recall.offers_removed},
                )
                return redirect("frontend:console_recalls")
        status = 400
    return render(request, "console/recall_new.html", {"product": product, "form": form}, status=status)
