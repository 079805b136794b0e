"""Two-factor login pages: set up an authenticator app, enter a code after login, recovery codes,
turn it off (not for operators). Operators are sent here by TwoFactorMiddleware; vendor owners
come from the seller portal."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from frontend.common.access import safe_next
from frontend.common.errors import add_domain_error
from frontend.storefront.forms.two_factor import CodeForm
from marketplace.errors import DomainError
from marketplace.security.two_factor import (
    recovery_codes_renew,
    session_verified,
    totp_device_pending,
    two_factor_disable,
    two_factor_enable,
    two_factor_enabled,
    two_factor_verify,
)


def _next(request) -> str:
    return safe_next(request, reverse("frontend:two_factor"))


@login_required
def manage(request):
    enabled = two_factor_enabled(request.user)
    if enabled and not session_verified(request.user):
        return redirect(f"{reverse('frontend:two_factor_verify')}?next={request.path}")
    return render(request, "storefront/2fa/manage.html", {"enabled": enabled, "form": CodeForm()})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    if two_factor_enabled(request.user):
        return redirect(f"{reverse('frontend:two_factor_verify')}?next={_next(request)}")
    device = totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_enable(request=request, user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return render(request, "storefront/2fa/recovery_codes.html", {"codes": codes, "next": _next(request)})
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "storefront/2fa/setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#111", light="#fff"),
            "secret": b32encode(device.bin_key).decode(),
            "next": _next(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if not two_factor_enabled(request.user):
        return redirect(f"{reverse('frontend:two_factor_setup')}?next={_next(request)}")
    if session_verified(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_verify(request=request, user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(_next(request))
    return render(
        request,
        "storefront/2fa/verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def recovery_codes(request):
    if not session_verified(request.user):
        return redirect(reverse("frontend:two_factor_verify"))
    codes = recovery_codes_renew(user=request.user)
    return render(
        request, "storefront/2fa/recovery_codes.html", {"codes": codes, "next": reverse("frontend:two_factor")}
    )


@login_required
@require_POST
def disable(request):
    if not session_verified(request.user):
        return redirect(reverse("frontend:two_factor_verify"))
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(reverse("frontend:two_factor"))
    return render(request, "storefront/2fa/manage.html", {"enabled": True, "form": form}, status=400)
