"""The offer list: its filters (GET) and the bulk action on the chosen offers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontend.seller.forms.offers import OfferUpdateForm
from vendors.models import Offer

STATUS_CHOICES = [("", _("All statuses"))] + [(value, label) for value, label in Offer.Status.choices]
STOCK_CHOICES = [
    ("", _("Any stock")),
    ("out", _("Sold out")),
    ("low", _("Low (1 to 5)")),
    ("in", _("In stock")),
]
BUY_BOX_CHOICES = [("", _("Won or lost")), ("won", _("Buy box won")), ("lost", _("Buy box lost"))]
CHECK_CHOICES = [("", _("Any")), ("failing", _("Failing checks")), ("blocking", _("Blocking checks"))]
SORT_CHOICES = [
    ("-updated", _("Last changed first")),
    ("title", _("Title A–Z")),
    ("-title", _("Title Z–A")),
    ("sku", _("SKU")),
    ("price", _("Price, lowest first")),
    ("-price", _("Price, highest first")),
    ("stock", _("Stock, lowest first")),
    ("-stock", _("Stock, highest first")),
]


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Title, SKU or GTIN."))
    status = forms.ChoiceField(label=pgettext_lazy("offer filter", "Status"), choices=STATUS_CHOICES, required=False)
    stock = forms.ChoiceField(label=_("Stock"), choices=STOCK_CHOICES, required=False)
    buy_box = forms.ChoiceField(label=_("Buy box"), choices=BUY_BOX_CHOICES, required=False)
    checks = forms.ChoiceField(label=_("Listing checks"), choices=CHECK_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)


BULK_ACTIONS = [
    ("", _("Choose an action")),
    ("price", _("Set price")),
    ("stock", _("Set stock")),
    ("activate", _("Activate")),
    ("deactivate", _("Deactivate (pause)")),
]


class BulkActionForm(OfferUpdateForm):
    """One action for the ticked offers; price and stock only for the actions that set them."""

    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    offers = forms.TypedMultipleChoiceField(label=_("Offers"), coerce=int, choices=())

    def __init__(self, *args, offer_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].required = False
        self.fields["stock"].required = False
        self.fields["offers"].choices = [(i, str(i)) for i in offer_ids]
        self.fields["offers"].error_messages["required"] = _("Tick at least one offer.")

    def clean_price(self):
        return super().clean_price() if self.cleaned_data.get("price") is not None else None

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "price" and cleaned.get("price") is None and "price" not in self.errors:
            self.add_error("price", _("Enter the new price."))
        if action == "stock" and cleaned.get("stock") is None and "stock" not in self.errors:
            self.add_error("stock", _("Enter the new stock."))
        return cleaned
