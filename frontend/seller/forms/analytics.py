"""The analytics date range."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.seller.analytics import MAX_DAYS


class RangeForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end must not be before the start."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("date_to", _("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        return data
