"""Console form: announce a new version of the terms for sellers."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SellerTermsForm(forms.Form):
    body_de = forms.CharField(label=_("Text (German)"), widget=forms.Textarea(attrs={"rows": 8}))
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 8}))
    note = forms.CharField(label=_("What changes (shown to the sellers)"), max_length=300)
    effective_on = forms.DateField(
        label=_("Takes effect on (at least 15 days from today)"), widget=forms.DateInput(attrs={"type": "date"})
    )
