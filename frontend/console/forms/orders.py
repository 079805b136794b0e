"""Console forms for the order page (refund one line in part, internal note) and the search box.
The rules are in payouts.services.refunds and marketplace.order_notes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.common.templatetags.money import format_money
from frontend.console.forms.fields import decimal_field, to_money
from marketplace.order_notes import MAX_NOTE_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Order number, e-mail, name, vendor, GTIN or SKU"),
    )


class LineRefundForm(forms.Form):
    """Refund one line of the order, by an amount up to what is left of it."""

    line = forms.TypedChoiceField(label=_("Order line"), coerce=int)
    amount = decimal_field(
        label=_("Amount to refund"),
        max_digits=14,
        help_text=_("In the order's currency, e.g. 5,00; at most what is left of the line."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, help_text=_("The seller sees it on the credit note."))

    def __init__(self, *args, lines=(), currency: str = "EUR", **kwargs):
        super().__init__(*args, prefix="refund", **kwargs)
        self.currency = currency
        self.fields["line"].choices = [("", _("Choose a line"))] + [
            (
                row.line.id,
                f"{row.line.product_title} · {row.line.vendor_order.vendor.name} · {format_money(row.left.amount, row.left.currency)}",
            )
            for row in lines
            if row.left.amount > 0
        ]

    def clean_amount(self):
        value = self.cleaned_data["amount"]
        if value <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."))
        return to_money(value, self.currency).amount


class OrderNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only operators see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="note", **kwargs)
