"""Seller central: the notifications inbox (what concerns the seller, by the kinds the role may
see), marking read, and the e-mail preferences per kind (``vendors.notifications``)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.common import labels
from frontend.common.errors import add_domain_error
from frontend.common.templatetags.money import format_money
from frontend.seller.access import portal_url, require_step, seller_page
from frontend.seller.forms.notifications import MailPreferencesForm
from frontend.seller.permissions import notification_kinds
from frontend.seller.portal import portal_context
from marketplace.errors import DomainError
from vendors import notifications as service

PAGE_SIZE = 25


def describe(notification) -> str:
    """One line in the reader's language from the notification's facts."""
    p = notification.params or {}
    kind = notification.kind
    if kind == "new_order":
        ship_by = p.get("ship_by")
        if ship_by:
            day = date_format(date.fromisoformat(ship_by), "SHORT_DATE_FORMAT")
            return _("New order %(number)s – ship by %(date)s") % {"number": p.get("number", ""), "date": day}
        return _("New order %(number)s") % {"number": p.get("number", "")}
    if kind == "message":
        return _("New message: %(subject)s") % {"subject": p.get("subject", "")}
    if kind == "claim":
        return _("Guarantee claim on order %(number)s") % {"number": p.get("number", "")}
    if kind == "return":
        return _("Return request for order %(number)s") % {"number": p.get("number", "")}
    if kind == "moderation":
        return _("Moderation decision %(reference)s: %(target)s") % {
            "reference": p.get("reference", ""),
            "target": p.get("target", ""),
        }
    if kind == "enforcement":
        return _("Account health: %(level)s") % {"level": labels.label("standing_level", p.get("level"))}
    if kind == "payout":
        amount = format_money(p["amount"], p["currency"]) if "amount" in p and "currency" in p else ""
        return _("Payout of %(amount)s sent") % {"amount": amount}
    if kind == "legal" and p.get("topic") == "dac7":
        if p.get("quarter"):
            return _("DAC7: what we will report for %(year)s, quarter %(quarter)s") % p
        return _("DAC7: what we will report for %(year)s") % p
    if kind == "legal" and p.get("topic") == "terms":
        return _("Terms change %(version)s, effective %(effective)s: please read and accept") % {
            "version": p.get("version", ""),
            "effective": p.get("effective", ""),
        }
    return kind


def _form(vendor, kinds, data=None):
    return MailPreferencesForm(
        data,
        initial=service.notification_settings(vendor=vendor),
        kinds=kinds,
        fixed=tuple(service.ALWAYS_MAILED),
    )


def _render(request, vendor, *, form=None, status=200):
    kinds = notification_kinds(request.user, vendor)
    unread_only = request.GET.get("unread") == "1"
    queryset = service.notification_list(vendor=vendor, kinds=kinds, user=request.user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = portal_context(request, vendor, "notifications") | {
        "page": page,
        "rows": [(n, describe(n)) for n in page.object_list],
        "unread_only": unread_only,
        "form": form or _form(vendor, kinds),
        "all_url": portal_url("frontend:seller_notifications", vendor),
        "unread_url": portal_url("frontend:seller_notifications", vendor) + "&unread=1",
    }
    return render(request, "seller/notifications.html", context, status=status)


@require_GET
@seller_page
def inbox(request, vendor):
    return _render(request, require_step(request, vendor, "notifications"))


@require_POST
@seller_page
def mark_read(request, vendor):
    """``id`` (repeatable): those notifications; none: all the role sees."""
    vendor = require_step(request, vendor, "notifications")
    raw = request.POST.getlist("id")
    ids = [int(value) for value in raw if value.isdigit()]
    if raw and not ids:
        messages.error(request, _("Choose the notifications to mark as read."))
        return redirect(portal_url("frontend:seller_notifications", vendor))
    count = service.notifications_mark_read(
        vendor=vendor, kinds=notification_kinds(request.user, vendor), user=request.user, ids=ids if raw else None
    )
    messages.success(request, _("%(count)s marked as read.") % {"count": count})
    return redirect(portal_url("frontend:seller_notifications", vendor))


@require_http_methods(["POST"])
@seller_page
def mail_settings(request, vendor):
    vendor = require_step(request, vendor, "notifications")
    kinds = notification_kinds(request.user, vendor)
    form = _form(vendor, kinds, request.POST)
    if form.is_valid():
        try:
            service.notification_settings_set(
                vendor=vendor, actor=request.user, mail={kind: form.cleaned_data[kind] for kind in kinds}
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect(portal_url("frontend:seller_notifications", vendor))
    return _render(request, vendor, form=form, status=400)
