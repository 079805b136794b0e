"""Notification e-mail preferences: one checkbox per kind the role sees."""

from __future__ import annotations

from django import forms

from frontend.common import labels


class MailPreferencesForm(forms.Form):
    def __init__(self, *args, kinds: tuple[str, ...], fixed: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind] = forms.BooleanField(
                label=labels.label("seller_notification", kind), required=False, disabled=kind in fixed
            )
