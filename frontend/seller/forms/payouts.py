"""The statement download form on the payouts page."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

STATEMENT_MAX_DAYS = 366 * 2


class StatementForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    output = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("csv", "CSV")], initial="pdf")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("date_to", _("The end date must not be before the start date."))
            elif (end - start).days > STATEMENT_MAX_DAYS:
                self.add_error("date_to", _("A statement covers at most two years."))
        return cleaned
