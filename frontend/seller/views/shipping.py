"""Seller central: shipping profiles (zones with rates, weight brackets, free-shipping threshold,
transit time), pickup locations for click and collect, and holiday mode.

Profiles are written whole by ``vendors.services.shipping`` (the seller API's service); holiday
mode is ``vendors.services.holiday``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.shipping import (
    HolidayForm,
    PickupFormSet,
    ProfileForm,
    ZoneFormSet,
    apply_profile_error,
    pickup_initial,
    zone_initial,
)
from frontend.seller.portal import one_click_step, portal_context
from marketplace.errors import DomainError
from marketplace.money import Money
from vendors import selectors as vendor_selectors
from vendors.services import holiday as holiday_services
from vendors.services import shipping as shipping_services


def _render_list(request, vendor, *, holiday_form=None, status=200):
    context = portal_context(request, vendor, "shipping") | {
        "profiles": vendor_selectors.shipping_profile_list(vendor=vendor),
        "holiday_form": holiday_form or HolidayForm(),
        "new_url": portal_url("frontend:seller_shipping_new", vendor),
    }
    return render(request, "seller/shipping.html", context, status=status)


@require_GET
@seller_page
def shipping(request, vendor):
    return _render_list(request, require_step(request, vendor, "shipping"))


def _forms(data=None, profile=None):
    if profile is None:
        initial = {"handling_days": 2}
        zones, pickups = [], []
    else:
        threshold = profile.free_shipping_threshold
        initial = {
            "name": profile.name,
            "handling_days": profile.handling_days,
            "free_shipping_threshold": threshold.to_decimal() if threshold else None,
            "is_default": profile.is_default,
        }
        zones, pickups = zone_initial(profile), pickup_initial(profile)
    return (
        ProfileForm(data, initial=initial),
        ZoneFormSet(data, initial=zones, prefix="zone"),
        PickupFormSet(data, initial=pickups, prefix="pickup"),
    )


def _render_form(request, vendor, forms, *, profile=None, status=200):
    profile_form, zones, pickups = forms
    context = portal_context(request, vendor, "shipping") | {
        "profile": profile,
        "form": profile_form,
        "zones": zones,
        "pickups": pickups,
        "back_url": portal_url("frontend:seller_shipping", vendor),
        "action": portal_url("frontend:seller_shipping_edit", vendor, profile.id)
        if profile
        else portal_url("frontend:seller_shipping_new", vendor),
        "every_form": [profile_form, *zones.forms, *pickups.forms],
    }
    return render(request, "seller/shipping_profile.html", context, status=status)


def _save(request, vendor, forms, profile=None):
    """Call the service with the forms' specs; True when saved (errors are put on the forms)."""
    profile_form, zones, pickups = forms
    if not all(form.is_valid() for form in (profile_form, zones, pickups)):
        return False
    currency = profile.currency if profile else settings.MARKETPLACE_CURRENCY
    zone_slots = [i for i, form in enumerate(zones.forms) if not form.is_blank()]
    pickup_slots = [i for i, form in enumerate(pickups.forms) if not form.is_blank()]
    data = profile_form.cleaned_data
    threshold = data.get("free_shipping_threshold")
    try:
        zone_specs = [zones.forms[i].spec(currency) for i in zone_slots]
    except DomainError as exc:
        # A weight bracket that is not "grams = price": the first zone it came from.
        for i in zone_slots:
            try:
                zones.forms[i].spec(currency)
            except DomainError:
                zones.forms[i].add_error("brackets", exc.message)
                break
        return False
    arguments = {
        "vendor": vendor,
        "actor": request.user,
        "name": data["name"],
        "handling_days": data["handling_days"],
        "free_shipping_threshold": Money.from_decimal(threshold, currency) if threshold is not None else None,
        "is_default": data["is_default"],
        "zones": zone_specs,
        "pickup_locations": [pickups.forms[i].spec() for i in pickup_slots],
    }
    try:
        if profile is None:
            shipping_services.shipping_profile_create(currency=currency, **arguments)
        else:
            shipping_services.shipping_profile_update(profile_id=profile.id, **arguments)
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        apply_profile_error(exc, profile_form, zones, pickups, zone_slots, pickup_slots)
        return False
    return True


@require_http_methods(["GET", "POST"])
@seller_page
def profile_new(request, vendor):
    vendor = require_step(request, vendor, "shipping")
    if request.method == "GET":
        return _render_form(request, vendor, _forms())
    forms = _forms(request.POST)
    if _save(request, vendor, forms):
        messages.success(request, _("Shipping profile %(name)s saved.") % {"name": forms[0].cleaned_data["name"]})
        return redirect(portal_url("frontend:seller_shipping", vendor))
    return _render_form(request, vendor, forms, status=400)


@require_http_methods(["GET", "POST"])
@seller_page
def profile_edit(request, vendor, profile_id: int):
    vendor, profile = owned_with_role(
        request,
        vendor,
        step="shipping",
        lookup=lambda v: vendor_selectors.shipping_profile_get(vendor=v, profile_id=profile_id),
    )
    if request.method == "GET":
        return _render_form(request, vendor, _forms(profile=profile), profile=profile)
    forms = _forms(request.POST, profile=profile)
    if _save(request, vendor, forms, profile=profile):
        messages.success(request, _("Shipping profile %(name)s saved.") % {"name": forms[0].cleaned_data["name"]})
        return redirect(portal_url("frontend:seller_shipping", vendor))
    return _render_form(request, vendor, forms, profile=profile, status=400)


@require_POST
@seller_page
def profile_delete(request, vendor, profile_id: int):
    vendor, profile = owned_with_role(
        request,
        vendor,
        step="shipping",
        lookup=lambda v: vendor_selectors.shipping_profile_get(vendor=v, profile_id=profile_id),
    )
    return one_click_step(
        request,
        lambda: shipping_services.shipping_profile_delete(vendor=vendor, actor=request.user, profile_id=profile.id),
        done=_("Shipping profile %(name)s deleted.") % {"name": profile.name},
        back=portal_url("frontend:seller_shipping", vendor),
    )


@require_POST
@seller_page
def holiday_start(request, vendor):
    vendor = require_step(request, vendor, "shipping")
    form = HolidayForm(request.POST)
    if form.is_valid():
        try:
            vendor = holiday_services.holiday_start(vendor=vendor, actor=request.user, until=form.cleaned_data["until"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Holiday mode is on: %(count)s offers are paused.") % {"count": len(vendor.holiday_paused_offer_ids)},
            )
            return redirect(portal_url("frontend:seller_shipping", vendor))
    return _render_list(request, vendor, holiday_form=form, status=400)


@require_POST
@seller_page
def holiday_end(request, vendor):
    vendor = require_step(request, vendor, "shipping")
    count = holiday_services.holiday_end(vendor=vendor, actor=request.user)
    messages.success(request, _("Holiday mode is off: %(count)s offers are live again.") % {"count": count})
    return redirect(portal_url("frontend:seller_shipping", vendor))
