"""A webhook subscription: the receiving address, a note, and the events it wants."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace import webhook_events as ev

EVENT_LABELS = {
    ev.ORDER_CREATED: _("New order (order.created)"),
    ev.ORDER_CANCELLED: _("Order cancelled (order.cancelled)"),
    ev.ORDER_SHIPPED: _("Order shipped (order.shipped)"),
    ev.ORDER_DELIVERED: _("Order delivered (order.delivered)"),
    ev.RETURN_REQUESTED: _("Return requested (return.requested)"),
    ev.OFFER_SUPPRESSED: _("Offer suppressed (offer.suppressed)"),
    ev.MESSAGE_RECEIVED: _("Message from a buyer (message.received)"),
    ev.PAYOUT_PAID: _("Payout sent (payout.paid)"),
}
assert set(EVENT_LABELS) == set(ev.EVENT_TYPES)


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("An https:// address of your system that accepts POST requests."),
        widget=forms.URLInput(attrs={"autocomplete": "off", "inputmode": "url"}),
    )
    description = forms.CharField(label=_("Note"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=list(EVENT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
