"""What every seller central page shares: the page context and one-click steps."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from frontend.seller import permissions, selectors
from marketplace.errors import DomainError
from vendors import notifications
from vendors import selectors as vendor_selectors


def one_click_step(request, action, *, done: str, back: str):
    """A one-click step (no form): run ``action``, flash its result or the service's reason, go ``back``."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def portal_context(request, vendor, section: str | None) -> dict:
    """The acting vendor, the user's role there, the menu section and the vendors to switch to;
    ``can`` (page or step -> may the role use it) and ``nav`` (the menu links the role may follow)."""
    can = permissions.can(request.user, vendor)
    unread = notifications.notification_unread_counts(
        vendor=vendor, kinds=permissions.notification_kinds(request.user, vendor), user=request.user
    )
    nav = permissions.menu(can, vendor, section, unread)
    return {
        "vendor": vendor,
        "role": vendor_selectors.vendor_role(user=request.user, vendor=vendor),
        "section": section,
        "memberships": selectors.vendor_memberships(user=request.user),
        "can": can,
        "nav": nav,
        "who_can": permissions.who_can(),
        "unread_total": sum(unread.values()),
    }


def checklist_rows(vendor, can: dict[str, bool], who_can: dict[str, str]) -> list[tuple]:
    """The sell checklist (``selectors.sell_checklist``) with, per item, whether the user's role
    may follow its link and, if not, which roles may (seller/_sell_checklist.html)."""
    return [
        (item, not item.step or can[item.step], who_can.get(item.step, ""))
        for item in selectors.sell_checklist(vendor=vendor)
    ]
