"""Console forms of the configuration pages: attribute schemas of the categories and listing
(quality) rules. The rules of what is allowed live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.console.forms.fields import decimal_field, to_money
from marketplace.models import AttributeDefinition
from moderation.models import ListingRule


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AttributeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Lower-case letters, digits and hyphens, e.g. screen-size; products store the value under it."),
    )
    name_de = forms.CharField(label=_("Name (German)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=AttributeDefinition.Kind.choices)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False, help_text=_("Numbers only, e.g. cm, W, kg."))
    allowed_values = forms.CharField(
        label=_("Allowed values"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Enumerations only: one value per line."),
    )
    required = forms.BooleanField(label=_("Required: every product of the category must have it"), required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]  # products store values under the code: it never changes

    def clean_allowed_values(self):
        return _lines(self.cleaned_data.get("allowed_values", ""))


# What the "values", "minimum" and "maximum" fields mean for each kind of rule.
RULE_PARAMS_FROM_FORM = {
    ListingRule.Kind.REQUIRED_ATTRIBUTES: lambda v, lo, hi: {"attributes": v},
    ListingRule.Kind.MIN_IMAGES: lambda v, lo, hi: {"min": lo if lo is not None else 1},
    ListingRule.Kind.TITLE_LENGTH: lambda v, lo, hi: {"min": lo or 0, "max": hi},
    ListingRule.Kind.DESCRIPTION_LENGTH: lambda v, lo, hi: {"min": lo or 0, "max": hi},
    ListingRule.Kind.BANNED_PATTERNS: lambda v, lo, hi: {"patterns": v},
    ListingRule.Kind.PROHIBITED_TERMS: lambda v, lo, hi: {"terms": v},
    ListingRule.Kind.PRICE_ANOMALY: lambda v, lo, hi: {},
    ListingRule.Kind.DUPLICATE_LISTING: lambda v, lo, hi: {},
    ListingRule.Kind.GTIN_REQUIRED: lambda v, lo, hi: {},
    ListingRule.Kind.MAX_HANDLING_DAYS: lambda v, lo, hi: {"max": hi if hi is not None else 3},
}


class ListingRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=ListingRule.Kind.choices)
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, required=False, empty_value=None, help_text=_("Empty: every category.")
    )
    severity = forms.ChoiceField(label=_("Effect"), choices=ListingRule.Severity.choices)
    values = forms.CharField(
        label=_("Values"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: the attribute codes (required attributes), the terms (prohibited terms) or the regular "
            "expressions (banned patterns)."
        ),
    )
    minimum = forms.IntegerField(
        label=_("Minimum"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Images (minimum number of images) or characters (title and description length)."),
    )
    maximum = forms.IntegerField(
        label=_("Maximum"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Characters (title and description length) or business days (maximum handling time)."),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Every category"))] + [(c.id, c.path) for c in categories]

    def params(self) -> dict:
        data = self.cleaned_data
        return RULE_PARAMS_FROM_FORM[data["kind"]](
            _lines(data.get("values", "")), data.get("minimum"), data.get("maximum")
        )


def _percent_to_bps(value) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


class ThresholdForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"))
    limit_percent = decimal_field(
        label=_("Limit in percent"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("e.g. 1 for 1 %; the metric says whether it is a maximum or a minimum."),
    )
    window_days = forms.TypedChoiceField(label=_("Window"), coerce=int)
    min_orders = forms.IntegerField(label=_("Minimum orders in the window"), min_value=1, max_value=100_000, initial=10)
    active = forms.BooleanField(label=_("Active: enforcement uses this threshold"), required=False, initial=True)

    def __init__(self, *args, metrics=(), windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = list(metrics)
        self.fields["window_days"].choices = [(w, _("%(days)s days") % {"days": w}) for w in windows]

    def limit_bps(self) -> int:
        return _percent_to_bps(self.cleaned_data["limit_percent"])


class PlatformCouponForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("What buyers type in, e.g. WINTER10."))
    kind = forms.ChoiceField(label=_("Discount"), choices=[("percent", _("Percentage")), ("fixed", _("Fixed amount"))])
    percent = decimal_field(
        label=_("Percentage"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("For a percentage discount, e.g. 10."),
    )
    amount = decimal_field(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=14,
        help_text=_("For a fixed discount, e.g. 5,00."),
    )
    min_order = decimal_field(
        label=_("Minimum order value"),
        required=False,
        min_value=0,
        max_digits=14,
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    max_uses = forms.IntegerField(
        label=_("Uses in total"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )
    max_uses_per_buyer = forms.IntegerField(label=_("Uses per buyer"), min_value=1, initial=1)

    def __init__(self, *args, currency: str = "EUR", **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def _minor(self, name: str):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        return to_money(value, self.currency).amount

    def clean_amount(self):
        return self._minor("amount")

    def clean_min_order(self):
        return self._minor("min_order") or 0

    def clean_percent(self):
        return _percent_to_bps(self.cleaned_data.get("percent"))
