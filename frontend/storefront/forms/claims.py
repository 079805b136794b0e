"""Forms for conversations and guarantee claims (buyer, seller portal, console)."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from buyers.messaging.models import Claim


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attachment (PDF, PNG or JPEG, up to 5 MB)"), required=False)


class ClaimOpenForm(forms.Form):
    reason = forms.ChoiceField(label=_("What went wrong?"), choices=Claim.Reason.choices)
    amount = forms.DecimalField(label=_("Amount to get back (empty: everything not yet refunded)"), required=False,
                                min_value=Decimal("0.01"), decimal_places=2, max_digits=12)
    body = forms.CharField(label=_("Describe the problem"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Evidence (PDF, PNG or JPEG, up to 5 MB)"), required=False)


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
    amount = forms.DecimalField(label=_("Partial refund amount"), required=False, min_value=Decimal("0.01"), decimal_places=2,
                                max_digits=12)
    reason = forms.CharField(label=_("Reason (both parties read it)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
