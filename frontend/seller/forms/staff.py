"""Staff invitations and role changes; the rules live in vendors.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.common.labels import label
from vendors.models import VendorMember

# The roles from the least to the most privileged: finance only reads (balance, payouts,
# statements); fulfilment acts on orders, returns and refunds; managers also on listings and
# prices; owners on everything, staff and account included. An invitation starts at the least.
ROLES_BY_PRIVILEGE = (
    VendorMember.Role.FINANCE,
    VendorMember.Role.FULFILMENT,
    VendorMember.Role.MANAGER,
    VendorMember.Role.OWNER,
)
assert set(ROLES_BY_PRIVILEGE) == set(VendorMember.Role.values)
LEAST_PRIVILEGED_ROLE = ROLES_BY_PRIVILEGE[0]


def _role_choices():
    return [(role.value, label("role", role.value)) for role in ROLES_BY_PRIVILEGE]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Role"),
        initial=LEAST_PRIVILEGED_ROLE,
        help_text=_("Give the least a person needs; an owner can change the role later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices()
