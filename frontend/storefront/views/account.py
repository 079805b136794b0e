"""Account pages: registration, e-mail confirmation, password reset, address book, GDPR."""

import json
import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buyers import accounts, addresses, guests
from frontend.common.access import safe_next
from frontend.common.errors import add_domain_error
from frontend.storefront.forms.account import (
    AddressForm,
    DeleteAccountForm,
    GuestOrderLinkForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    RegisterForm,
)
from marketplace.errors import DomainError, NotFound
from marketplace.security.throttles import AuthThrottle


def rate_limited(view):
    """Refuse a POST past ``THROTTLE_AUTH`` (the counter the API's login, registration and reset
    use) with a 429 page that says how long to wait; nothing behind the form runs (no mail)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            throttle = AuthThrottle()
            if not throttle.allow_request(request, None):
                wait = max(1, math.ceil(throttle.wait() or 60))
                response = render(
                    request,
                    "storefront/account/message.html",
                    {
                        "title": _("Too many attempts"),
                        "text": ngettext(
                            "You have tried this too often from this connection. Please wait %(count)d second and try again.",
                            "You have tried this too often from this connection. Please wait %(count)d seconds and try again.",
                            wait,
                        )
                        % {"count": wait},
                    },
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    """The login page; a guest's cart moves into the account's cart (buyers.guests)."""

    template_name = "storefront/account/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        guest = guests.guest_get(session=self.request.session)
        response = super().form_valid(form)
        guests.cart_merge_guest(buyer=form.get_user(), guest=guest)
        return response


@rate_limited
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.account_register(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"], language=request.LANGUAGE_CODE
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            guest = guests.guest_get(session=request.session)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            guests.cart_merge_guest(buyer=user, guest=guest)  # what a guest put in the cart comes along
            guests.guest_orders_adopt(buyer=user, guest=guest)  # and what it ordered (account made afterwards)
            messages.success(request, _("Welcome! We sent you an e-mail to confirm your address."))
            # Back to where the visitor was going (e.g. accepting a seller invitation), else the account.
            return redirect(safe_next(request, reverse("frontend:account")))
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, "storefront/account/register.html", context, status=400 if form.errors else 200)


def verify_email(request, uid: str, token: str):
    try:
        accounts.account_verify_email(uid=uid, token=token)
    except DomainError as exc:
        return render(
            request,
            "storefront/account/message.html",
            {"title": _("Confirmation failed"), "text": exc.message},
            status=400,
        )
    return render(
        request,
        "storefront/account/message.html",
        {"title": _("Thank you"), "text": _("Your e-mail address is confirmed.")},
    )


@rate_limited
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.password_reset_request(email=form.cleaned_data["email"])
        # The same answer whether or not the address has an account.
        return render(
            request,
            "storefront/account/message.html",
            {
                "title": _("Check your e-mail"),
                "text": _("If an account uses this address, we sent it a link to choose a new password."),
            },
        )
    return render(request, "storefront/account/password_reset.html", {"form": form})


@rate_limited
def guest_order_link(request):
    """A guest's order link expired (or got lost): a new one goes to the order's address."""
    form = GuestOrderLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        guests.guest_order_link_request(**form.cleaned_data)
        # The same answer whether or not the pair matches an order.
        return render(
            request,
            "storefront/account/message.html",
            {
                "title": _("Check your e-mail"),
                "text": _("If an order with this number was placed with this address, we sent it a new link."),
            },
        )
    return render(
        request,
        "storefront/account/guest_order_link.html",
        {"form": form, "expired": request.GET.get("expired") == "1", "days": settings.MARKETPLACE_GUEST_LINK_DAYS},
        status=400 if form.errors else 200,
    )


@rate_limited
def password_reset_confirm(request, uid: str, token: str):
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.password_reset_confirm(uid=uid, token=token, new_password=form.cleaned_data["new_password"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your password was changed. Please log in."))
            return redirect("frontend:login")
    return render(
        request, "storefront/account/password_reset_confirm.html", {"form": form}, status=400 if form.errors else 200
    )


def render_account(request, address_form=None, delete_form=None, status=200):
    return render(
        request,
        "storefront/account/account.html",
        {
            "addresses": addresses.address_list(buyer=request.user),
            "address_form": address_form or AddressForm(initial={"country": "DE"}),
            "delete_form": delete_form or DeleteAccountForm(),
            "profile": getattr(request.user, "buyer_profile", None),
        },
        status=status,
    )


@login_required
def account(request):
    return render_account(request)


@login_required
@require_POST
def address_add(request):
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            addresses.address_create(buyer=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Address saved."))
            return redirect("frontend:account")
    return render_account(request, address_form=form, status=400)


@login_required
@require_POST
def address_delete(request, address_id: int):
    try:
        addresses.address_delete(buyer=request.user, address_id=address_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Address deleted."))
    return redirect("frontend:account")


@login_required
def account_export(request):
    response = HttpResponse(
        json.dumps(accounts.account_export(user=request.user), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            accounts.account_delete(user=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("frontend:home")
    return render_account(request, delete_form=form, status=400)
