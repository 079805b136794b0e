"""Console form of a legal text version (marketplace.legal)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

FORMAT_HINT = _(
    "Plain text. A blank line starts a new paragraph; a short line of its own above a paragraph becomes its heading."
)


class LegalTextForm(forms.Form):
    body_de = forms.CharField(
        label=_("Text (German)"),
        max_length=100_000,
        help_text=FORMAT_HINT,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    body_en = forms.CharField(label=_("Text (English)"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 14}))
    note = forms.CharField(label=_("What changed (for the operators)"), max_length=300, required=False)
