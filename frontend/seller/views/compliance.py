"""Seller portal: product compliance. Registration numbers (LUCID, WEEE, batteries) and the GPSR
safety data of the seller's products in categories that need it; offers stay offline until done."""

from __future__ import annotations

from dataclasses import fields

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.compliance import RegistrationsForm, SafetyForm
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from vendors.models import ProductSafetyInfo
from vendors.services.compliance import (
    SafetyIn,
    product_safety_set,
    seller_registration_set,
    vendor_gpsr_products,
    vendor_product,
    vendor_registrations,
)

KINDS = ("packaging", "weee", "battery")


def _render(request, vendor, form=None, status=200):
    registrations = vendor_registrations(vendor)
    initial = {f"{kind}_number": r.number for kind, r in registrations.items()}
    return render(
        request,
        "seller/compliance.html",
        portal_context(request, vendor, "compliance")
        | {
            "form": form or RegistrationsForm(initial=initial),
            "registrations": registrations,
            "products": [
                {"product": p, "missing": missing, "url": portal_url("frontend:seller_product_safety", vendor, p.id)}
                for p, missing in vendor_gpsr_products(vendor)
            ],
        },
        status=status,
    )


@require_GET
@seller_page
def compliance(request, vendor):
    vendor = require_step(request, vendor, "compliance")
    return _render(request, vendor)


@require_POST
@seller_page
def registrations_update(request, vendor):
    vendor = require_step(request, vendor, "compliance")
    form = RegistrationsForm(request.POST)
    if form.is_valid():
        try:
            for kind in KINDS:
                seller_registration_set(
                    vendor=vendor, actor=request.user, kind=kind, number=form.cleaned_data[f"{kind}_number"]
                )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Registration numbers saved; your offers were checked again."))
            return redirect(portal_url("frontend:seller_compliance", vendor))
    return _render(request, vendor, form=form, status=400)


@require_http_methods(["GET", "POST"])
@seller_page
def product_safety(request, vendor, product_id: int):
    product = vendor_product(vendor, product_id)  # a foreign product is a 404 for every role
    vendor = require_step(request, vendor, "compliance")
    info = ProductSafetyInfo.objects.filter(product=product).first()
    names = [f.name for f in fields(SafetyIn)]
    form = SafetyForm(request.POST or None, initial={n: getattr(info, n) for n in names} if info else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                product_safety_set(
                    vendor=vendor,
                    actor=request.user,
                    product_id=product.id,
                    data=SafetyIn(**{n: form.cleaned_data[n] for n in names}),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Product safety data saved; the product's offers were checked again."))
                return redirect(portal_url("frontend:seller_compliance", vendor))
        status = 400
    return render(
        request,
        "seller/product_safety.html",
        portal_context(request, vendor, "compliance")
        | {"product": product, "form": form, "missing": info.missing() if info else list(ProductSafetyInfo.REQUIRED)},
        status=status,
    )
