"""A seller-funded coupon: code, percentage or amount off, minimum order, period, number of uses."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.money import Money


def _money(label, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class CouponForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]{3,40}$", _("Use 3 to 40 letters, digits, - or _."))],
        help_text=_("What buyers type in the cart, e.g. SOMMER10."),
    )
    kind = forms.ChoiceField(
        label=_("Discount"),
        choices=[("percent", _("Percentage off")), ("fixed", _("Amount off"))],
        widget=forms.RadioSelect,
        initial="percent",
    )
    percent = forms.DecimalField(
        label=_("Percentage"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    amount = _money(_("Amount (EUR)"))
    min_order = _money(_("Minimum order value of your items (EUR)"), help_text=_("Empty: no minimum."))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    max_uses = forms.IntegerField(
        label=_("Uses in total"), required=False, min_value=1, help_text=_("Empty: no limit.")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "percent" and data.get("percent") is None and "percent" not in self.errors:
            self.add_error("percent", _("Enter the percentage off."))
        if data.get("kind") == "fixed" and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount off."))
        return data

    def service_arguments(self, currency: str) -> dict:
        data = self.cleaned_data

        def moment(day, end=False):
            if day is None:
                return None
            return timezone.make_aware(datetime.combine(day, time.max if end else time.min))

        percent = data.get("percent")
        return {
            "code": data["code"],
            "kind": data["kind"],
            "currency": currency,
            "percent_bps": int(percent * 100) if data["kind"] == "percent" and percent is not None else None,
            "amount": Money.from_decimal(data["amount"], currency).amount if data["kind"] == "fixed" else None,
            "min_order_amount": Money.from_decimal(data["min_order"], currency).amount if data.get("min_order") else 0,
            "valid_from": moment(data.get("valid_from")),
            "valid_until": moment(data.get("valid_until"), end=True),
            "max_uses": data.get("max_uses"),
        }
