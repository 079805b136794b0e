"""Cart and checkout input; the rules themselves live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_QUANTITY = 999


class CartAddForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)


class CartItemUpdateForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


def payment_method_choices() -> list[tuple[str, str]]:
    # Only invoice is payable through the pages so far (card arrives with the payouts issue).
    return [("invoice", _("Invoice"))] if "invoice" in settings.MARKETPLACE_PAYMENT_METHODS else []


class CheckoutForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    street = forms.CharField(
        label=_("Street and number"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[A-Za-z0-9 -]{3,10}$",
        error_messages={"invalid": _("Enter a valid postal code.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    country = forms.RegexField(
        label=_("Country"),
        regex=r"^[A-Za-z]{2}$",
        initial="DE",
        help_text=_("Two-letter country code, e.g. DE."),
        error_messages={"invalid": _("Use a two-letter country code, e.g. DE.")},
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2, "maxlength": 2}),
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect, initial="invoice")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = payment_method_choices()

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def shipping_address(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "street", "postal_code", "city", "country")}
