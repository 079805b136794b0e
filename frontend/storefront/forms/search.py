"""The product search form (home and search pages)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("newest", _("Newest")),
]


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
        # Suggestions as you type (common/static/common/autocomplete.js); the form works without them.
        self.fields["q"].widget.attrs.update(
            {
                "placeholder": _("What are you looking for?"),
                "data-autocomplete": reverse("search-autocomplete"),
                "data-product-url": reverse("frontend:product", args=[0]),
            }
        )

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"

    def clean_page(self):
        return self.cleaned_data.get("page") or 1
