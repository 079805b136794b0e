"""Console forms for a vendor: verification actions and payout holds; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# The operator steps of the vendor verification machine and the text each one needs.
VENDOR_ACTIONS = {
    "review_start": None,
    "approve": None,
    "reject": "reason",
    "info_request": "message",
    "suspend": "reason",
    "reinstate": None,
}


class VendorActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in VENDOR_ACTIONS], widget=forms.HiddenInput)
    explanation = forms.CharField(
        label=_("Reason"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Approving with open risk warnings: the operator confirms having checked them (audited).
    confirm_risks = forms.BooleanField(label=_("I have checked the warnings above and approve anyway"), required=False)


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
