"""Checkout extras on the cart page: loyalty points, fewer shipments, CO2 compensation."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CheckoutExtrasForm(forms.Form):
    points = forms.IntegerField(label=_("Loyalty points to use"), min_value=0, max_value=10_000_000, required=False)
    bundle_shipments = forms.BooleanField(required=False)
    co2_compensation = forms.BooleanField(required=False)

    def options(self) -> dict:
        return {
            "points": self.cleaned_data.get("points") or 0,
            "bundle_shipments": self.cleaned_data.get("bundle_shipments", False),
            "co2_compensation": self.cleaned_data.get("co2_compensation", False),
        }

    def errors_to(self, form) -> None:
        """Show our errors on the checkout form (as form-wide errors naming the field)."""
        for field, errors in self.errors.items():
            for error in errors:
                form.add_error(None, f"{self.fields[field].label or field}: {error}" if field in self.fields else error)


class ReferralForm(forms.Form):
    code = forms.CharField(label=_("Referral code"), max_length=16)
