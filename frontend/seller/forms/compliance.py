"""Seller portal forms: registration numbers and a product's GPSR safety data."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RegistrationsForm(forms.Form):
    packaging_number = forms.CharField(
        label=_("Packaging register number (LUCID)"), max_length=30, required=False, help_text=_("e.g. DE1234567890123")
    )
    weee_number = forms.CharField(
        label=_("WEEE registration number (stiftung ear)"),
        max_length=30,
        required=False,
        help_text=_("e.g. DE12345678"),
    )
    battery_number = forms.CharField(
        label=_("Battery registration number (stiftung ear)"),
        max_length=30,
        required=False,
        help_text=_("e.g. DE12345678"),
    )


class SafetyForm(forms.Form):
    responsible_name = forms.CharField(
        label=_("Responsible economic operator in the EU: name"), max_length=300, required=False
    )
    responsible_address = forms.CharField(
        label=_("Responsible economic operator in the EU: postal address"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    responsible_email = forms.CharField(
        label=_("Responsible economic operator in the EU: e-mail"), max_length=254, required=False
    )
    manufacturer_name = forms.CharField(label=_("Manufacturer: name"), max_length=300, required=False)
    manufacturer_address = forms.CharField(
        label=_("Manufacturer: postal address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    manufacturer_email = forms.CharField(label=_("Manufacturer: e-mail"), max_length=254, required=False)
    warnings = forms.CharField(label=_("Warnings"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    safety_information = forms.CharField(
        label=_("Safety information"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
