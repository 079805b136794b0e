"""Console form to start a payout run."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PayoutRunForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(code, code) for code in settings.MARKETPLACE_CURRENCIES]
        self.fields["currency"].initial = settings.MARKETPLACE_CURRENCY
