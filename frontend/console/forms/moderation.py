"""Input parsing for the console's moderation pages; the rules live in moderation.services."""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from frontend.common.labels import label
from moderation import selectors as moderation_selectors
from moderation.models import ReviewItem

ANY = ""


def _status_choices():
    return [("pending", pgettext_lazy("review status", "Waiting (open or claimed)"))] + [
        (value, label("review_status", value)) for value in ReviewItem.Status.values
    ]


def _template_choices():
    english = (get_language() or "de").startswith("en")
    return [(ANY, _("No template"))] + [
        (template.code, f"{template.code}: {Truncator(template.text_en if english else template.text_de).chars(70)}")
        for template in moderation_selectors.reason_template_list()
    ]


class QueueFilterForm(forms.Form):
    """The queue's filters arrive as query parameters; unknown values are a 400 naming the field."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    overdue = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[(ANY, _("Any")), ("yes", _("Overdue only")), ("no", _("Within the target"))],
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _status_choices()
        self.fields["kind"].choices = [(ANY, _("All kinds"))] + [
            (value, label("review_kind", value)) for value in (kinds or ReviewItem.Kind.values)
        ]

    def selector_args(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"] or "pending",
            "kind": data["kind"] or None,
            "overdue": {"yes": True, "no": False}.get(data["overdue"]),
        }


class DecisionForm(forms.Form):
    """One decision on one item (the decision is in the URL): a reason template, sent in the
    vendor's language, and/or free text. Whether a reason is needed is the service's rule."""

    template = forms.ChoiceField(label=_("Reason template"), required=False)
    reason = forms.CharField(
        label=_("Reason (the vendor reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = _template_choices()


class ItemIdsField(forms.Field):
    """Ticked item ids (checkboxes named ``ids``); whether each may be decided is the service's call."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Tick at least one item."),
        "invalid": _("Item ids are whole numbers."),
        "too_many": _("At most %(max)s items at once."),
    }

    def __init__(self, *, max_items: int, **kwargs):
        self.max_items = max_items
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            ids = [int(v) for v in (value or [])]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(item_id < 1 for item_id in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(ids) > self.max_items:
            raise forms.ValidationError(self.error_messages["too_many"] % {"max": self.max_items}, code="too_many")
        return list(dict.fromkeys(ids))


class BulkDecisionForm(forms.Form):
    ids = ItemIdsField(label=_("Items"), max_items=200)
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    template = forms.ChoiceField(label=_("Reason template"), required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = _template_choices()


# --- Scorecards and enforcement -------------------------------------------------------------


class StandingFilterForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Standing"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        from moderation.models import VendorStanding

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(ANY, _("All"))] + [
            (level, label("standing_level", level)) for level in VendorStanding.Level.values
        ]


class StandingReverseForm(forms.Form):
    """Take enforcement back to a lower level; the vendor reads the reason."""

    to_level = forms.TypedChoiceField(label=_("Back to"), coerce=int)
    reason = forms.CharField(
        label=_("Reason (the vendor reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, current_level: int, **kwargs):
        super().__init__(*args, **kwargs)
        below = list(range(current_level - 1, -1, -1))
        self.fields["to_level"].choices = [(level, label("standing_level", level)) for level in below]
        if below:
            self.fields["to_level"].initial = below[0]


class ReasonTemplateForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Letters, digits, hyphens, e.g. missing-images.")
    )
    text_de = forms.CharField(
        label=_("Text in German"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "lang": "de"})
    )
    text_en = forms.CharField(
        label=_("Text in English"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "lang": "en"})
    )
