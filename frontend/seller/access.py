"""Who acts for which vendor on the seller portal pages.

The acting vendor is found the way the dashboard and the API find it
(``vendors.selectors.vendor_for_user``, ``?vendor=`` / a hidden ``vendor`` field when the user
belongs to several). A page first looks its object up inside that vendor (another vendor's id
is a 404 for every role) and only then asks for the role, so a 403 never confirms an id exists.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from frontend.seller import selectors
from frontend.seller.permissions import NEEDS, RoleRefused, refusal
from frontend.seller.portal import portal_context
from marketplace.errors import NotFound, PermissionDenied
from vendors import selectors as vendor_selectors
from vendors.models import Vendor


def requested_vendor_id(request) -> tuple[int | None, bool]:
    """The ``vendor`` parameter as an id; the flag says whether it was malformed."""
    raw = (request.POST.get("vendor") if request.method == "POST" else None) or request.GET.get("vendor") or ""
    raw = raw.strip()
    if not raw:
        return None, False
    return (int(raw), False) if raw.isdigit() else (None, True)


def not_a_member(request, message: str | None = None):
    return render(
        request,
        "seller/not_member.html",
        {"memberships": selectors.vendor_memberships(user=request.user), "message": message},
        status=404,
    )


def require_role(request, vendor: Vendor, permission: str | None) -> Vendor:
    """The vendor again, if the user's role there grants ``permission``; else RoleRefused (a
    PermissionDenied that names the permission, so the refusal page can explain it)."""
    try:
        return vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor.id, permission=permission)
    except PermissionDenied:
        raise RoleRefused(permission) from None


def require_step(request, vendor: Vendor, step: str) -> Vendor:
    """``require_role`` for a page or step named in ``frontend.seller.permissions.NEEDS``."""
    return require_role(request, vendor, NEEDS[step])


def portal_url(name: str, vendor: Vendor, *args) -> str:
    """A portal URL that keeps acting for ``vendor``."""
    return f"{reverse(name, args=args)}?vendor={vendor.id}"


def seller_page(view):
    """Resolve the acting vendor and pass it to ``view(request, vendor, ...)``.

    Not a member: the "not a member" page (404). A lookup inside the vendor that fails: 404.
    A role that does not allow the step: a 403 page with the service's message.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        vendor_id, malformed = requested_vendor_id(request)
        if malformed:
            return not_a_member(request)
        try:
            vendor = vendor_selectors.vendor_for_user(user=request.user, vendor_id=vendor_id)
        except NotFound as exc:
            return not_a_member(request, exc.message)
        try:
            return view(request, vendor, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied as exc:
            context = portal_context(request, vendor, None)
            if isinstance(exc, RoleRefused):
                context["refusal"] = refusal(exc.permission, context["role"])
            else:
                context["message"] = exc.message
            return render(request, "seller/forbidden.html", context, status=403)

    return wrapper


def owned_with_role(request, vendor: Vendor, *, lookup, permission: str | None = None, step: str | None = None):
    """``(vendor, lookup(vendor))`` once ``lookup`` found the object among the vendor's own and the
    role grants ``permission``. The lookup runs first, so a foreign id is a 404 for every role and
    a 403 never confirms it exists; it runs again on the re-checked vendor for the caller."""
    lookup(vendor)
    vendor = require_role(request, vendor, NEEDS[step] if step else permission)
    return vendor, lookup(vendor)
