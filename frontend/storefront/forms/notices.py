"""The public notice form (DSA Art. 16). The services check again and name fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Notice


class NoticeForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL) of the content"),
        max_length=1000,
        help_text=_("Copy it from your browser's address bar on the page that shows the content."),
    )
    category = forms.ChoiceField(label=_("What kind of illegal content is it?"), choices=Notice.Category.choices)
    explanation = forms.CharField(
        label=_("Why is the content illegal?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Explain as precisely as you can (at least 20 characters)."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("Required, except for notices of child sexual abuse material."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_(
            "We send the confirmation and our decision there. Required, except for notices of child sexual abuse material."
        ),
    )
    good_faith = forms.BooleanField(
        label=_(
            "I believe in good faith that the information and allegations in this notice are accurate and complete."
        )
    )
    target_kind = forms.CharField(widget=forms.HiddenInput, required=False)
    target_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
