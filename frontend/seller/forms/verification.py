"""Verification: documents and the answer to the operator's question; the checks live in vendors.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.models import VendorDocument


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=VendorDocument.Kind.choices, initial=VendorDocument.Kind.IDENTITY
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )


class InfoAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Our team reads it with your documents; upload any document they asked for first."),
    )
