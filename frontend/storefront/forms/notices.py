"""Forms of the notice-and-action pages: the public notice (DSA Art. 16), operators' decisions
on notices and complaints, the vendor's complaint. The services check again and name fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import Appeal, Notice, StatementOfReasons


class NoticeForm(forms.Form):
    url = forms.CharField(label=_("Address (URL) of the content"), max_length=1000,
                          help_text=_("Copy it from your browser's address bar on the page that shows the content."))
    category = forms.ChoiceField(label=_("What kind of illegal content is it?"), choices=Notice.Category.choices)
    explanation = forms.CharField(label=_("Why is the content illegal?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                                  help_text=_("Explain as precisely as you can (at least 20 characters)."))
    name = forms.CharField(label=_("Your name"), max_length=200, required=False,
                           help_text=_("Required, except for notices of child sexual abuse material."))
    email = forms.EmailField(label=_("Your e-mail address"), required=False,
                             help_text=_("We send the confirmation and our decision there. Required, except for notices of child sexual abuse material."))
    good_faith = forms.BooleanField(label=_("I believe in good faith that the information and allegations in this notice are accurate and complete."))
    target_kind = forms.CharField(widget=forms.HiddenInput, required=False)
    target_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class NoticeDecisionForm(forms.Form):
    action = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes", choices=[
        ("yes", _("Take action: restrict the content")), ("no", _("No action"))], widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (the notifier and the affected party read it)"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=5000)
    ground = forms.ChoiceField(label=_("Ground"), choices=[("", "–"), *StatementOfReasons.Ground.choices], required=False)
    ground_detail = forms.CharField(label=_("Legal provision or clause of our terms"), max_length=5000, required=False)
    manifestly_unfounded = forms.BooleanField(label=_("Manifestly unfounded notice"), required=False)


class AppealForm(forms.Form):
    text = forms.CharField(label=_("Your complaint"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                           help_text=_("Why is the decision wrong? A different person will review it."))


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(Appeal.Status.CONFIRMED, _("Confirm the decision")),
                                                              (Appeal.Status.REVERSED, _("Reverse the decision"))],
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (the complainant reads it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class NotifierSuspendForm(forms.Form):
    email = forms.EmailField(label=_("Notifier's e-mail address"))
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=90)
