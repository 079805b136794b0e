"""Input parsing for applying as a vendor and joining one by invitation; the rules live in
vendors.services.application (every field is checked there, for the API and these pages alike)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.models import Vendor
from vendors.services.application import (
    VendorApplication,
    application_errors,
    vendor_countries,
)


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=200, help_text=_("Shown to buyers."))
    legal_name = forms.CharField(label=_("Legal name"), max_length=300)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=Vendor.LegalForm.choices)
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"))
    email = forms.EmailField(label=_("Business e-mail address"))
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    vat_id = forms.CharField(
        label=_("VAT ID"),
        max_length=20,
        required=False,
        help_text=_("Required for companies; sole traders may leave it empty."),
    )
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    intended_categories = forms.TypedMultipleChoiceField(
        label=_("What will you sell?"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    return_policy = forms.CharField(label=_("Return policy"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(code, code) for code in sorted(vendor_countries())]
        self.fields["country"].initial = "DE"
        self.fields["intended_categories"].choices = [(c.id, c.name) for c in categories]

    def clean(self):
        """Run the services' checks (VAT ID, IBAN, postal code...) so every bad field shows at once."""
        cleaned = super().clean()
        data = {name: cleaned.get(name) or "" for name in self.fields if name != "intended_categories"}
        application, errors = application_errors(
            VendorApplication(**data, intended_category_ids=list(cleaned.get("intended_categories") or []))
        )
        for field, message in errors.items():
            field = "intended_categories" if field == "intended_category_ids" else field
            if field not in self.errors:  # a field the form already refused keeps its own message
                self.add_error(field if field in self.fields else None, message)
        cleaned["application"] = application
        return cleaned


class InvitationAcceptForm(forms.Form):
    token = forms.CharField(
        label=_("Invitation code"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
