"""Input parsing for refunding a return: an amount per returned line, at most what the buyer
paid for the returned quantity. The service (buyers.returns.return_refund) checks the limits
again; the form only turns "12,50" into minor units and presets the full amount."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.money import CURRENCY_EXPONENTS, Money


def refundable(return_line) -> int:
    """What the buyer paid for the returned units of a line (minor units), as the service counts it."""
    line = return_line.order_line
    return (line.line_total_amount - line.discount_amount) * return_line.quantity // line.quantity


class RefundForm(forms.Form):
    """One ``line-<order line id>`` amount field per returned line."""

    def __init__(self, *args, return_request, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.line_fields = []
        for return_line in return_request.lines.all():
            full = Money(refundable(return_line), currency)
            name = f"line-{return_line.order_line_id}"
            self.fields[name] = forms.DecimalField(
                label=_("Refund for %(quantity)s × %(title)s")
                % {"quantity": return_line.quantity, "title": return_line.order_line.product_title},
                min_value=0,
                max_value=full.to_decimal(),
                max_digits=14,
                localize=True,
                initial=full.to_decimal(),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                help_text=_("At most %(amount)s") % {"amount": full.to_decimal()},
            )
            self.line_fields.append((return_line.order_line_id, name))

    def clean(self):
        cleaned = super().clean()
        for _line_id, name in self.line_fields:
            value = cleaned.get(name)
            if value is None:
                continue
            try:
                cleaned[name] = Money.from_decimal(value, self.currency)
            except ValueError:
                self.add_error(
                    name,
                    _("Prices in %(currency)s have at most %(places)s decimal places.")
                    % {"currency": self.currency, "places": CURRENCY_EXPONENTS.get(self.currency, 2)},
                )
                continue
            if cleaned[name].amount <= 0:
                self.add_error(name, _("Refund more than zero, or leave the full amount."))
        return cleaned

    def amounts(self) -> dict[int, int]:
        return {line_id: self.cleaned_data[name].amount for line_id, name in self.line_fields}


class ReturnApproveForm(forms.Form):
    instructions = forms.CharField(
        label=_("Instructions for the buyer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How and where to send the items back."),
    )
