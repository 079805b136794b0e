"""Filters of the console's webhook page (query parameters; a bad value is a 400 naming the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import WebhookDelivery

ANY = ""


class WebhookFilterForm(forms.Form):
    vendor = forms.IntegerField(label=_("Vendor number"), required=False, min_value=1)
    status = forms.ChoiceField(label=_("Delivery status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(ANY, _("All")), *WebhookDelivery.Status.choices]
