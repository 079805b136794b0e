"""Seller central: webhook subscriptions and their delivery log (owners only, ``NEEDS["webhooks"]``).

The signing secret of a new subscription is shown once, in the answer to the POST that made it.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.common.errors import add_domain_error
from frontend.seller.access import owned_with_role, portal_url, require_step, seller_page
from frontend.seller.forms.webhooks import EVENT_LABELS, WebhookForm
from frontend.seller.portal import one_click_step, portal_context
from integrations import webhooks
from marketplace.errors import DomainError

LOG_SIZE = 50


def _render(request, vendor, *, form=None, created=None, status: int = 200):
    context = portal_context(request, vendor, "webhooks") | {
        "subscriptions": webhooks.subscription_list(vendor=vendor),
        "deliveries": webhooks.delivery_list(vendor=vendor)[:LOG_SIZE],
        "form": form or WebhookForm(),
        "created": created,
        "event_labels": EVENT_LABELS,
    }
    response = render(request, "seller/webhooks.html", context, status=status)
    if created:
        add_never_cache_headers(response)
    return response


@require_GET
@seller_page
def webhook_list(request, vendor):
    return _render(request, require_step(request, vendor, "webhooks"))


@require_POST
@seller_page
def webhook_create(request, vendor):
    vendor = require_step(request, vendor, "webhooks")
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            created = webhooks.subscription_create(
                vendor=vendor,
                actor=request.user,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _render(request, vendor, created=created)
    return _render(request, vendor, form=form, status=400)


def _own(request, vendor, subscription_id: int):
    return owned_with_role(
        request,
        vendor,
        step="webhooks",
        lookup=lambda v: webhooks.subscription_get(vendor=v, subscription_id=subscription_id),
    )


@require_POST
@seller_page
def webhook_delete(request, vendor, subscription_id: int):
    vendor, subscription = _own(request, vendor, subscription_id)
    return one_click_step(
        request,
        lambda: webhooks.subscription_delete(vendor=vendor, actor=request.user, subscription_id=subscription.id),
        done=_("The subscription for %(url)s is deleted.") % {"url": subscription.url},
        back=portal_url("frontend:seller_webhooks", vendor),
    )


@require_POST
@seller_page
def webhook_enable(request, vendor, subscription_id: int):
    vendor, subscription = _own(request, vendor, subscription_id)
    return one_click_step(
        request,
        lambda: webhooks.subscription_enable(vendor=vendor, actor=request.user, subscription_id=subscription.id),
        done=_("The subscription for %(url)s receives events again.") % {"url": subscription.url},
        back=portal_url("frontend:seller_webhooks", vendor),
    )


@require_POST
@seller_page
def webhook_delivery_replay(request, vendor, delivery_id: int):
    vendor, delivery = owned_with_role(
        request,
        vendor,
        step="webhooks",
        lookup=lambda v: webhooks.delivery_get(vendor=v, delivery_id=delivery_id),
    )
    return one_click_step(
        request,
        lambda: webhooks.delivery_replay(vendor=vendor, actor=request.user, delivery_id=delivery.id),
        done=_("The event is being sent again."),
        back=portal_url("frontend:seller_webhooks", vendor),
    )
