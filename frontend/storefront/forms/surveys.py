"""The survey form: scores as radio buttons; the ranges are checked by the surveys service."""

from django import forms
from django.utils.translation import gettext_lazy as _

CSAT_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
NPS_CHOICES = [(str(n), str(n)) for n in range(0, 11)]


class SurveyForm(forms.Form):
    csat = forms.CharField(
        label=_("How satisfied are you with this order? (1 = not at all, 5 = very)"),
        required=False,
        widget=forms.RadioSelect(choices=CSAT_CHOICES),
    )
    nps = forms.CharField(
        label=_("How likely are you to recommend us to a friend? (0 = not at all, 10 = extremely)"),
        required=False,
        widget=forms.RadioSelect(choices=NPS_CHOICES),
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
