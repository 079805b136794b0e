"""Filters of the console's audit log page (query parameters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.console.forms.money import DateInput


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=200,
        help_text=_("E-mail or user name; “system” for automatic actions."),
    )
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=64)
    action = forms.CharField(
        label=_("Action"), required=False, max_length=100, help_text=_("Its beginning, e.g. “refund.”")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To (inclusive)"), required=False, widget=DateInput())

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Every type"))] + [(t, t) for t in object_types]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end must not be before the start."))
        return data
