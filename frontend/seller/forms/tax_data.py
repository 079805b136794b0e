"""Seller portal form for the DAC7 tax data; the service (vendors.services.tax_data) checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _

TAX_FIELDS = (
    "tin_country",
    "tin",
    "first_name",
    "last_name",
    "date_of_birth",
    "birth_city",
    "permanent_establishments",
)


class TaxDataForm(forms.Form):
    tin_country = forms.CharField(label=_("Country that issued the tax number (ISO code, e.g. DE)"), max_length=2)
    tin = forms.CharField(
        label=_("Tax identification number"),
        max_length=40,
        help_text=_("Individuals in Germany: the Steuer-ID (11 digits); businesses: the Steuernummer."),
    )
    first_name = forms.CharField(label=_("First name (individuals)"), max_length=200, required=False)
    last_name = forms.CharField(label=_("Last name (individuals)"), max_length=200, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth (individuals)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    birth_city = forms.CharField(label=_("Place of birth (individuals, optional)"), max_length=200, required=False)
    permanent_establishments = forms.CharField(
        label=_("Permanent establishments in other EU states (businesses; ISO codes, comma-separated)"),
        max_length=200,
        required=False,
    )

    def clean_permanent_establishments(self):
        value = self.cleaned_data["permanent_establishments"] or ""
        return [code.strip() for code in value.split(",") if code.strip()]

    @classmethod
    def for_data(cls, data) -> "TaxDataForm":
        initial = {name: getattr(data, name) for name in TAX_FIELDS}
        initial["permanent_establishments"] = ", ".join(data.permanent_establishments or [])
        return cls(initial=initial)
