"""Console forms: a category's legal gates, a product recall."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CategoryComplianceForm(forms.Form):
    gpsr_relevant = forms.BooleanField(label=_("Product safety data required (GPSR)"), required=False)
    needs_packaging_registration = forms.BooleanField(
        label=_("Packaging register number required (LUCID)"), required=False
    )
    needs_weee_registration = forms.BooleanField(
        label=_("WEEE registration required (electrical equipment)"), required=False
    )
    needs_battery_registration = forms.BooleanField(label=_("Battery registration required"), required=False)


class RecallForm(forms.Form):
    reason = forms.CharField(label=_("Why the product is recalled"), widget=forms.Textarea(attrs={"rows": 3}))
    instructions = forms.CharField(label=_("What buyers should do"), widget=forms.Textarea(attrs={"rows": 3}))
