"""Seller central: API keys for the seller's own systems (owners only, ``NEEDS["api_keys"]``).

A new or rotated key's secret is shown once, in the answer to the POST that made it (never
stored, never in a redirect or a message), with ``Cache-Control: no-store``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.api_keys import ApiKeyForm
from frontend.seller.portal import portal_context
from integrations import api_keys
from integrations.scopes import RESOURCES
from marketplace.errors import DomainError


def _scope_text(scopes: list[str]) -> list[str]:
    """ "Orders: read", "Offers, listings and imports: read and write", in the order of RESOURCES."""
    chosen = dict(scope.split(":") for scope in scopes)
    words = {"read": _("read"), "write": _("read and write")}
    return [f"{label}: {words[chosen[resource]]}" for resource, label in RESOURCES.items() if resource in chosen]


def _render(request, vendor, *, form=None, issued=None, status: int = 200):
    context = portal_context(request, vendor, "api_keys") | {
        "keys": [(key, _scope_text(key.scopes)) for key in api_keys.api_key_list(vendor=vendor)],
        "form": form or ApiKeyForm(),
        "issued": issued,
        "resources": RESOURCES,
    }
    response = render(request, "seller/api_keys.html", context, status=status)
    if issued:
        add_never_cache_headers(response)
    return response


@require_GET
@seller_page
def api_key_list(request, vendor):
    return _render(request, require_step(request, vendor, "api_keys"))


@require_POST
@seller_page
def api_key_create(request, vendor):
    vendor = require_step(request, vendor, "api_keys")
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            issued = api_keys.api_key_create(
                vendor=vendor, actor=request.user, name=form.cleaned_data["name"], scopes=form.scopes()
            )
        except DomainError as exc:
            add_domain_error(form, exc, names={"scopes": f"scope_{next(iter(RESOURCES))}"})
        else:
            return _render(request, vendor, issued=issued)
    return _render(request, vendor, form=form, status=400)


def _own_key(request, vendor, key_id: int):
    return owned_with_role(
        request, vendor, step="api_keys", lookup=lambda v: api_keys.api_key_get(vendor=v, key_id=key_id)
    )


@require_POST
@seller_page
def api_key_rotate(request, vendor, key_id: int):
    vendor, key = _own_key(request, vendor, key_id)
    try:
        issued = api_keys.api_key_rotate(vendor=vendor, actor=request.user, key_id=key.id)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(portal_url("frontend:seller_api_keys", vendor))
    return _render(request, vendor, issued=issued)


@require_POST
@seller_page
def api_key_revoke(request, vendor, key_id: int):
    vendor, key = _own_key(request, vendor, key_id)
    api_keys.api_key_revoke(vendor=vendor, actor=request.user, key_id=key.id)
    messages.success(request, _("The key “%(name)s” is revoked; it no longer works.") % {"name": key.name})
    return redirect(portal_url("frontend:seller_api_keys", vendor))
