"""A service the seller offers with one of its products (warranty, protection, assembly)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontend.seller.forms.offers import OfferUpdateForm
from marketplace.money import Money

KINDS = [
    ("warranty", pgettext_lazy("service kind", "Extended warranty")),
    ("protection", pgettext_lazy("service kind", "Product protection")),
    ("assembly", pgettext_lazy("service kind", "Assembly service")),
]


class ServiceOfferForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of service"), choices=KINDS)
    title = forms.CharField(
        label=_("Title buyers see"), max_length=200, help_text=_("E.g. 3 years of warranty instead of 2.")
    )
    price = forms.DecimalField(
        label=_("Price per item"),
        min_value=0,
        max_digits=14,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, products, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["product"].choices = [("", "—")] + [(p.id, p.title) for p in products]

    clean_price = OfferUpdateForm.clean_price

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        price: Money = data["price"]
        return {"product_id": data["product"], "kind": data["kind"], "title": data["title"], "price": price}
