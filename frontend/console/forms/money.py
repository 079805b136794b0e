"""Input parsing for the console's money pages (commission rules, reports); the rules
themselves live in payouts.services and payouts.selectors."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.console.forms.fields import decimal_field, to_money
from marketplace.money import CURRENCY_EXPONENTS

# The longest period one report covers (the API refuses more too).
MAX_REPORT_DAYS = 366 * 2


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def _currency_choices():
    return [(code, code) for code in settings.MARKETPLACE_CURRENCIES]


class CommissionRuleForm(forms.Form):
    """A rule in the units operators think in: percent (two decimals) plus a fixed amount per item."""

    vendor = forms.TypedChoiceField(label=_("Vendor"), required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    rate = decimal_field(
        label=_("Commission (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Of the line total, e.g. 12,5 for 12.5 %."),
    )
    fixed = decimal_field(
        label=_("Fixed amount per item"),
        max_digits=14,
        initial=0,
    )
    currency = forms.ChoiceField(label=_("Currency"))
    valid_from = forms.DateTimeField(
        label=_("Valid from"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=_("Empty: from now."),
    )
    valid_until = forms.DateTimeField(
        label=_("Valid until"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=_("Empty: until it is ended."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    # Service field names -> this form's fields, so a domain error lands on the right input.
    SERVICE_FIELDS = {
        "rate_bps": "rate",
        "fixed": "fixed",
        "valid_until": "valid_until",
        "vendor": "vendor",
        "category": "category",
    }

    def __init__(self, *args, vendors=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].choices = [("", _("Every vendor"))] + [(vendor.id, vendor.name) for vendor in vendors]
        self.fields["category"].choices = [("", _("Every category"))] + [
            (category.id, "— " * category.path.count("/") + category.name) for category in categories
        ]
        self.fields["currency"].choices = _currency_choices()
        self.fields["currency"].initial = settings.MARKETPLACE_CURRENCY

    def clean_fixed(self):
        value = self.cleaned_data["fixed"]
        currency = self.data.get(self.add_prefix("currency")) or settings.MARKETPLACE_CURRENCY
        if currency not in CURRENCY_EXPONENTS:
            return value  # the currency field reports it
        return to_money(value, currency)

    def service_args(self) -> dict:
        data = self.cleaned_data
        return {
            # Two decimals of a percent are whole basis points: exact, no rounding.
            "rate_bps": int(data["rate"] * 100),
            "fixed": data["fixed"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "vendor_id": data["vendor"],
            "category_id": data["category"],
            "note": data["note"],
        }


class CommissionRuleEndForm(forms.Form):
    at = forms.DateTimeField(
        label=_("End at"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=_("Empty: now."),
    )


class PeriodForm(forms.Form):
    """A report period (query parameters); both days count."""

    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To (inclusive)"), widget=DateInput())

    @staticmethod
    def default_initial(days: int = 30) -> dict:
        today = timezone.localdate()
        return {"date_from": today - timedelta(days=days - 1), "date_to": today}

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end must not be before the start."))
            elif (end - start).days > MAX_REPORT_DAYS:
                self.add_error("date_to", _("A report covers at most two years."))
        return data


class RevenueForm(PeriodForm):
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = _currency_choices()

    @staticmethod
    def default_initial(days: int = 0) -> dict:
        # The last twelve months: this month and the eleven before it, from their first day.
        today = timezone.localdate()
        year, month = (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
        first = date(year, month, 1)
        return {"date_from": first, "date_to": today, "currency": settings.MARKETPLACE_CURRENCY}


class DisputeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Closed (won or lost)")), ("all", _("All"))],
    )


def dac7_years() -> list[int]:
    """The years a DAC7 report can be asked for (the API takes 2023 onwards)."""
    return list(range(timezone.localdate().year, 2022, -1))
