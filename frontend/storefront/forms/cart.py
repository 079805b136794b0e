"""Input parsing for the pages; the rules themselves live in the services."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.money import CURRENCY_EXPONENTS, Money

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("newest", _("Newest")),
]
MAX_QUANTITY = 999


def category_choices(categories) -> list[tuple[str, str]]:
    return [("", _("All categories"))] + [
        (str(category.id), "— " * category.path.count("/") + category.name) for category in categories
    ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(categories)
        self.fields["q"].widget.input_type = "search"
        # Suggestions as you type (static/frontend/autocomplete.js); the form works without them.
        self.fields["q"].widget.attrs.update({
            "placeholder": _("What are you looking for?"),
            "data-autocomplete": reverse("search-autocomplete"),
            "data-product-url": reverse("frontend:product", args=[0]),
        })

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"

    def clean_page(self):
        return self.cleaned_data.get("page") or 1


class CartAddForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)


class CartItemUpdateForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)


def payment_method_choices() -> list[tuple[str, str]]:
    # Only invoice is payable through the pages so far (card arrives with the payouts issue).
    return [("invoice", _("Invoice"))] if "invoice" in settings.MARKETPLACE_PAYMENT_METHODS else []


class CheckoutForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    street = forms.CharField(
        label=_("Street and number"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^[A-Za-z0-9 -]{3,10}$",
        error_messages={"invalid": _("Enter a valid postal code.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    country = forms.RegexField(
        label=_("Country"),
        regex=r"^[A-Za-z]{2}$",
        initial="DE",
        help_text=_("Two-letter country code, e.g. DE."),
        error_messages={"invalid": _("Use a two-letter country code, e.g. DE.")},
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 2, "maxlength": 2}),
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect, initial="invoice")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = payment_method_choices()

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def shipping_address(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "street", "postal_code", "city", "country")}


class OfferUpdateForm(forms.Form):
    """Price in major units of the offer's currency ("19,99" or "19.99") and stock."""

    price = forms.DecimalField(
        label=_("Price"), min_value=0, max_digits=14, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"})
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
