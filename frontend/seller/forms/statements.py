"""The vendor's complaint against a statement of reasons (DSA Art. 20)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Your complaint"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Why is the decision wrong? A different person will review it."),
    )
