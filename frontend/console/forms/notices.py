"""Console forms for notice and action: decisions on notices and complaints, suspending abusive notifiers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Appeal, StatementOfReasons


class NoticeDecisionForm(forms.Form):
    action = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Take action: restrict the content")), ("no", _("No action"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the notifier and the affected party read it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    ground = forms.ChoiceField(
        label=_("Ground"), choices=[("", "–"), *StatementOfReasons.Ground.choices], required=False
    )
    ground_detail = forms.CharField(label=_("Legal provision or clause of our terms"), max_length=5000, required=False)
    manifestly_unfounded = forms.BooleanField(label=_("Manifestly unfounded notice"), required=False)


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Appeal.Status.CONFIRMED, _("Confirm the decision")),
            (Appeal.Status.REVERSED, _("Reverse the decision")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the complainant reads it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class NotifierSuspendForm(forms.Form):
    email = forms.EmailField(label=_("Notifier's e-mail address"))
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=90)
