"""Console forms for guarantee claims: turn a conversation into a claim, decide a contested one."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from buyers.messaging.models import Claim


class EscalateForm(forms.Form):
    reason = forms.ChoiceField(label=_("Claim reason"), choices=Claim.Reason.choices)


DECISION_CHOICES = [
    (Claim.Resolution.REFUND_FULL, _("Full refund")),
    (Claim.Resolution.REFUND_PARTIAL, _("Partial refund")),
    (Claim.Resolution.REPLACEMENT, _("Replacement")),
    (Claim.Resolution.REJECTED, _("Reject")),
]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES)
    amount = forms.DecimalField(
        label=_("Partial refund amount"), required=False, min_value=Decimal("0.01"), decimal_places=2, max_digits=12
    )
    reason = forms.CharField(
        label=_("Reason (both parties read it)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
