"""The product search form (home and search pages) with every filter of the search API.

The filters are those of ``search.serializers.ProductSearchIn`` under the same names; the form's
``search_parameters()`` hands them to ``search.selectors.search_filters``, the function the API
uses, so the page and the API build one query. Prices are entered in euros (the API takes minor
units).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search.selectors.facets import CONDITIONS, DELIVERY_STEPS, FACET_SIZE, MAX_FACET_SIZE, RATING_STEPS

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("newest", _("Newest")),
    ("rating", _("Customer rating")),
    ("seller_rating", _("Seller rating")),
]
CONDITION_LABELS = {"new": _("New"), "refurbished": _("Refurbished"), "used": _("Used")}
MAX_VALUES = 20  # the API's limit of values per list filter
MAX_PRICE = Decimal("1000000")


def category_choices(categories) -> list[tuple[str, str]]:
    return [("", _("All categories"))] + [
        (str(category.id), "— " * category.path.count("/") + category.name) for category in categories
    ]


class ListField(forms.MultipleChoiceField):
    """Repeated query parameters whose values are open (brands, sellers, attributes): each value is
    checked by ``clean_value``, not against a list of choices."""

    def __init__(self, *args, clean_value=str, **kwargs):
        self.clean_value = clean_value
        super().__init__(*args, **kwargs)

    def valid_value(self, value) -> bool:
        return True

    def clean(self, value):
        values = super().clean(value)
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(_("Choose at most %(max)s values.") % {"max": MAX_VALUES}, code="max_values")
        cleaned = []
        for item in values:
            try:
                cleaned.append(self.clean_value(item))
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    _("“%(value)s” is not a valid choice.") % {"value": item}, code="invalid_choice"
                ) from None
        return cleaned


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _attribute(value: str) -> str:
    code, _sep, rest = value.partition(":")
    if not code or not rest or len(value) > 200 or not code.replace("-", "").replace("_", "").isalnum():
        raise ValueError(value)
    return value


def _euros_to_cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)
    # --- filters (names as in the API) ---
    price_min = forms.DecimalField(
        label=_("Price from (€)"), required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2
    )
    price_max = forms.DecimalField(
        label=_("Price to (€)"), required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2
    )
    condition = forms.MultipleChoiceField(
        label=_("Condition"), required=False, choices=[(c, CONDITION_LABELS[c]) for c in CONDITIONS]
    )
    rating_min = forms.TypedChoiceField(
        label=_("Customer rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(str(s), str(s)) for s in RATING_STEPS],
    )
    seller_rating_min = forms.TypedChoiceField(
        label=_("Seller rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(str(s), str(s)) for s in RATING_STEPS],
    )
    max_delivery_days = forms.TypedChoiceField(
        label=_("Dispatch"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(str(d), str(d)) for d in DELIVERY_STEPS],
    )
    free_shipping = forms.BooleanField(label=_("Free shipping"), required=False)
    in_stock = forms.BooleanField(label=_("In stock"), required=False)
    brand = ListField(label=_("Brand"), required=False)
    vendor = ListField(label=_("Seller"), required=False, clean_value=_positive_int)
    attr = ListField(label=_("Details"), required=False, clean_value=_attribute)
    more = forms.CharField(required=False, max_length=80)  # the facet whose values are all shown

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(categories)
        self.fields["q"].widget.input_type = "search"
        # Suggestions as you type (common/static/common/autocomplete.js); the form works without them.
        self.fields["q"].widget.attrs.update(
            {
                "placeholder": _("What are you looking for?"),
                "data-autocomplete": reverse("search-autocomplete"),
                "data-product-url": reverse("frontend:product", args=[0]),
            }
        )
        for name in ("price_min", "price_max"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"

    def clean_page(self):
        return self.cleaned_data.get("page") or 1

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price must not be below the lowest."))
        return data

    def search_parameters(self) -> dict:
        """The cleaned filters as ``search.selectors.search_filters`` takes them (the API's names)."""
        data = self.cleaned_data
        return {
            "category": data.get("category"),
            "brand": data.get("brand") or [],
            "vendor": data.get("vendor") or [],
            "price_min": _euros_to_cents(data.get("price_min")),
            "price_max": _euros_to_cents(data.get("price_max")),
            "condition": data.get("condition") or [],
            "rating_min": data.get("rating_min"),
            "seller_rating_min": data.get("seller_rating_min"),
            "in_stock": True if data.get("in_stock") else None,
            "free_shipping": True if data.get("free_shipping") else None,
            "max_delivery_days": data.get("max_delivery_days"),
            "attr": data.get("attr") or [],
        }

    def facet_sizes(self) -> dict[str, int]:
        """All values (up to the engine's limit) of the facet the buyer asked to see more of."""
        more = self.cleaned_data.get("more") or ""
        if more in ("brand", "vendor") or more.startswith("attr:"):
            return {more: MAX_FACET_SIZE}
        return {}

    def active_filter_count(self) -> int:
        data = self.search_parameters()
        return sum(
            len(v) if isinstance(v, list) else 1 for k, v in data.items() if k != "category" and v not in (None, [], "")
        )


FACETS_SHOWN = FACET_SIZE  # values shown before "more"
