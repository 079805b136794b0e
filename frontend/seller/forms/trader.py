"""Seller portal form for the trader data (DSA Art. 30); the service checks plausibility."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.models import Vendor

TRADER_FIELDS = (
    "seller_kind",
    "legal_name",
    "legal_form",
    "street",
    "postal_code",
    "city",
    "country",
    "email",
    "contact_phone",
    "register_court",
    "register_number",
    "vat_id",
    "iban",
)


class TraderForm(forms.Form):
    seller_kind = forms.ChoiceField(label=_("I sell as"), choices=Vendor.SellerKind.choices)
    legal_name = forms.CharField(label=_("Legal name"), max_length=300)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=Vendor.LegalForm.choices)
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.CharField(label=_("Country (ISO code, e.g. DE)"), max_length=2)
    email = forms.CharField(label=_("E-mail"), max_length=254)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    register_court = forms.CharField(label=_("Register court"), max_length=100, required=False)
    register_number = forms.CharField(label=_("Trade register number"), max_length=40, required=False)
    vat_id = forms.CharField(label=_("VAT ID"), max_length=20, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)

    @classmethod
    def for_vendor(cls, vendor: Vendor) -> "TraderForm":
        return cls(initial={name: getattr(vendor, name) for name in TRADER_FIELDS})


class StorefrontProfileForm(forms.Form):
    """The public seller page: a short text and a logo (the service checks and re-encodes it)."""

    about = forms.CharField(
        label=_("About your shop"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on your seller page; up to 2,000 characters."),
    )
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("JPEG, PNG or WebP up to 2 MB; shown at most 400 pixels wide.")
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
