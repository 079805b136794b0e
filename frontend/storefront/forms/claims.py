"""The buyer opens a guarantee claim on an order part."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from buyers.messaging.models import Claim


class ClaimOpenForm(forms.Form):
    reason = forms.ChoiceField(label=_("What went wrong?"), choices=Claim.Reason.choices)
    amount = forms.DecimalField(
        label=_("Amount to get back (empty: everything not yet refunded)"),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        max_digits=12,
    )
    body = forms.CharField(label=_("Describe the problem"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Evidence (PDF, PNG or JPEG, up to 5 MB)"), required=False)
