"""Staff invitations and role changes; the rules live in vendors.services."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.common.labels import label
from vendors.models import VendorMember


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, label("role", role)) for role in VendorMember.Role.values]


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, label("role", role)) for role in VendorMember.Role.values]
