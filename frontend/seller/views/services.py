"""Seller central: service offers (extended warranty, product protection, assembly) sold with the
seller's products, through ``buyers.addons.service_offers`` (the seller API's service)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buyers.addons import service_offers
from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.services import KINDS, ServiceOfferForm
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError, NotFound


def _form(vendor, data=None):
    return ServiceOfferForm(
        data,
        products=service_offers.service_offer_products(provider=vendor)[:500],
        currency=settings.MARKETPLACE_CURRENCY,
    )


def _render(request, vendor, form=None, status=200):
    kinds = dict(KINDS)
    context = portal_context(request, vendor, "services") | {
        "services": [
            (service, kinds.get(service.kind, service.kind))
            for service in service_offers.service_offers_of_provider(provider=vendor)[:200]
        ],
        "form": form or _form(vendor),
    }
    return render(request, "seller/services.html", context, status=status)


@require_GET
@seller_page
def services(request, vendor):
    return _render(request, require_step(request, vendor, "services"))


@require_POST
@seller_page
def service_create(request, vendor):
    vendor = require_step(request, vendor, "services")
    form = _form(vendor, request.POST)
    if form.is_valid():
        try:
            service = service_offers.service_offer_create(provider=vendor, **form.service_arguments())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Service %(title)s offered.") % {"title": service.title})
            return redirect(portal_url("frontend:seller_services", vendor))
    return _render(request, vendor, form, status=400)


@require_POST
@seller_page
def service_end(request, vendor, service_id: int):
    def lookup(v):
        found = service_offers.service_offers_of_provider(provider=v).filter(id=service_id).first()
        if found is None:
            raise NotFound(_("No such service offer."), field="service_offer")
        return found

    vendor, service = owned_with_role(request, vendor, step="services", lookup=lookup)
    return one_click_step(
        request,
        lambda: service_offers.service_offer_end(provider=vendor, service_offer_id=service.id),
        done=_("Service %(title)s is no longer offered.") % {"title": service.title},
        back=portal_url("frontend:seller_services", vendor),
    )
