"""The help centre search form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HelpSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help centre"), max_length=200, required=False)
