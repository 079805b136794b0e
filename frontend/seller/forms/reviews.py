"""The seller's public answer to a review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buyers.reviews import services


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your public answer"),
        max_length=services.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown below the review. You can answer once."),
    )
