"""Console forms for receivables: invoice filters, bank statement upload, matching by hand,
refunds due. The rules live in payouts.services.receipts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Invoices"),
        required=False,
        choices=[
            ("open", _("Open (not paid)")),
            ("overdue", _("Overdue")),
            ("paid", pgettext_lazy("invoice status", "Paid")),
            ("all", _("All")),
        ],
    )
    q = forms.CharField(
        label=_("Payment reference or e-mail"),
        required=False,
        max_length=100,
        help_text=_("The order number the buyer quotes in the transfer, or part of it."),
    )


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "CAMT.053 (XML, as your bank exports it) or CSV with the columns reference, amount, currency, received_on, bank_reference."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,text/xml,application/xml,text/csv"}),
    )


class MatchForm(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=32)


class CreditRefundForm(forms.Form):
    refund_reference = forms.CharField(
        label=_("Reference of the refund transfer"),
        max_length=200,
        help_text=_("Send the money back by bank transfer first, then record its reference here."),
    )
