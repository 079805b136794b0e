"""A new API key: its name and, per resource, no access, read, or read and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.scopes import RESOURCES

ACCESS_CHOICES = [("", _("No access")), ("read", _("Read")), ("write", _("Read and write"))]


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the key, e.g. “ERP” or “Multichannel tool”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for resource, label in RESOURCES.items():
            self.fields[f"scope_{resource}"] = forms.ChoiceField(
                label=label, choices=ACCESS_CHOICES, required=False, initial=""
            )

    def scopes(self) -> list[str]:
        return [
            f"{resource}:{self.cleaned_data[f'scope_{resource}']}"
            for resource in RESOURCES
            if self.cleaned_data.get(f"scope_{resource}")
        ]

    def scope_fields(self):
        return [self[f"scope_{resource}"] for resource in RESOURCES]
