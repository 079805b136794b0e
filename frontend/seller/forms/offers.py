"""The price and stock of one offer (dashboard rows, and the base of the new-listing forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.money import CURRENCY_EXPONENTS, Money


class OfferUpdateForm(forms.Form):
    """Price in major units of the offer's currency ("19,99" or "19.99") and stock."""

    price = forms.DecimalField(
        label=_("Price"),
        min_value=0,
        max_digits=14,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0)

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean_price(self) -> Money:
        value = self.cleaned_data["price"]
        try:
            return Money.from_decimal(value, self.currency)
        except ValueError:
            raise forms.ValidationError(
                _("Prices in %(currency)s have at most %(places)s decimal places."),
                params={"currency": self.currency, "places": CURRENCY_EXPONENTS.get(self.currency, 2)},
            ) from None
