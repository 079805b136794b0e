"""Forms of the account pages; the rules live in buyers.accounts and buyers.addresses."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from buyers.models import Address


class RegisterForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class GuestOrderLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address you ordered with"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    number = forms.CharField(label=_("Order number"), max_length=32, help_text=_("In your order confirmation"))


class NewPasswordForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Use"), choices=[("shipping", _("Shipping")), ("billing", _("Billing"))])
    type = forms.ChoiceField(
        label=_("Type"), choices=[("street", _("Street address")), ("parcel_locker", _("Parcel locker (Packstation)"))]
    )
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    street = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    locker_id = forms.CharField(label=_("Packstation number"), max_length=20, required=False)
    carrier_customer_number = forms.CharField(label=_("DHL Postnummer"), max_length=20, required=False)
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=10, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    country = forms.ChoiceField(label=_("Country"))
    is_default = forms.BooleanField(label=_("Use as default"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(c, c) for c in settings.MARKETPLACE_SHIPPING_COUNTRIES]

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].strip().upper()


ADDRESS_TYPES = dict(Address.Type.choices)
