"""Cart and checkout input; the rules themselves live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_QUANTITY = 999


class CartAddForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)

    def clean(self):
        """Add-on services chosen with the item (checkboxes ``service_offer``); whether each is
        offered for this item is the service's check."""
        cleaned = super().clean()
        raw = self.data.getlist("service_offer") if hasattr(self.data, "getlist") else []
        if len(raw) > 10 or not all(str(value).isdigit() for value in raw):
            self.add_error(None, _("Choose add-on services from the list."))
        else:
            cleaned["service_offer"] = [int(value) for value in raw]
        return cleaned


class CartServiceForm(forms.Form):
    service_offer = forms.IntegerField(label=_("Add-on service"), min_value=1)


class CartItemUpdateForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


def payment_method_choices() -> list[tuple[str, str]]:
    """Invoice, and card/SEPA Direct Debit through Stripe's Payment Element when Stripe is
    configured (a guest pays on the page behind its order's signed link)."""
    choices = [("invoice", _("Invoice"))] if "invoice" in settings.MARKETPLACE_PAYMENT_METHODS else []
    card_ready = settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY
    if "card" in settings.MARKETPLACE_PAYMENT_METHODS and card_ready:
        choices.append(("card", _("Card or SEPA Direct Debit")))
    return choices


NEW_ADDRESS = "new"
MANUAL_FIELDS = ("name", "street", "postal_code", "city")


def country_choices() -> list[tuple[str, str]]:
    from frontend.storefront.selectors import country_name

    return [(code, country_name(code)) for code in settings.MARKETPLACE_SHIPPING_COUNTRIES]


def saved_address_label(address) -> str:
    if address.type == "parcel_locker":
        where = _("Packstation %(locker)s, %(postal_code)s %(city)s") % {
            "locker": address.locker_id,
            "postal_code": address.postal_code,
            "city": address.city,
        }
    else:
        where = f"{address.street}, {address.postal_code} {address.city}"
    return f"{address.name} – {where} ({address.country})"


class CheckoutForm(forms.Form):
    """The checkout: e-mail first for guests, a saved address or a new one, the payment method.

    ``guest``: asks for the e-mail address the confirmation and the order link go to.
    ``addresses``: the signed-in buyer's saved shipping addresses (street and Packstation)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("For the order confirmation and the link to your order. No account needed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    saved_address = forms.ChoiceField(label=_("Deliver to"), widget=forms.RadioSelect, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[A-Za-z0-9 -]{3,10}$",
        error_messages={"invalid": _("Enter a valid postal code.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.ChoiceField(label=_("Country"), widget=forms.Select(attrs={"autocomplete": "country"}))
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect, initial="invoice")

    def __init__(self, *args, guest: bool = False, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addresses = {str(address.id): address for address in addresses if address.type != "pickup"}
        if not guest:
            del self.fields["email"]
        if self.addresses:
            self.fields["saved_address"].choices = [
                (key, saved_address_label(address)) for key, address in self.addresses.items()
            ] + [(NEW_ADDRESS, _("A new address"))]
            self.fields["saved_address"].required = True
        else:
            del self.fields["saved_address"]
        self.fields["country"].choices = country_choices()
        self.fields["payment_method"].choices = payment_method_choices()

    def chosen_address(self):
        key = self.cleaned_data.get("saved_address") if "saved_address" in self.fields else None
        return self.addresses.get(key) if key else None

    def clean(self):
        cleaned = super().clean()
        if self.chosen_address() is not None:
            # A saved address was chosen: the fields of a new one are not needed.
            for name in MANUAL_FIELDS:
                self._errors.pop(name, None)
                cleaned.pop(name, None)
        return cleaned

    def shipping_address(self) -> dict:
        address = self.chosen_address()
        if address is None:
            return {name: self.cleaned_data[name].strip() for name in (*MANUAL_FIELDS, "country")}
        snapshot = address.as_snapshot()
        if address.type == "parcel_locker":
            # Carriers and the seller's label need the locker on the street line.
            snapshot["street"] = f"Packstation {address.locker_id}"
        return snapshot
