"""Input parsing for the new-listing flow and bulk import; the rules live in vendors.services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from frontend.common.labels import label
from frontend.seller.forms.offers import OfferUpdateForm
from vendors.models import Offer


def _condition_field():
    return forms.ChoiceField(
        label=_("Condition"),
        choices=[(c, label("condition", c)) for c in Offer.Condition.values],
        initial=Offer.Condition.NEW,
    )


class CatalogSearchForm(forms.Form):
    """First step: is the product already in the catalog? By GTIN (exact) or by words."""

    gtin = forms.CharField(
        label=_("GTIN / EAN"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    q = forms.CharField(label=_("Title or brand"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("gtin") or "").strip() and not (cleaned.get("q") or "").strip():
            raise forms.ValidationError(_("Enter a GTIN or some words of the title."))
        return cleaned


class OfferCreateForm(OfferUpdateForm):
    """An offer of a catalog product: price (major units), stock and condition."""

    product = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    condition = _condition_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("currency", settings.MARKETPLACE_CURRENCY)
        super().__init__(*args, **kwargs)


class ProductProposeForm(OfferUpdateForm):
    """Nothing in the catalog fits: propose a new product (it waits for moderation) with the offer."""

    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    title = forms.CharField(label=_("Product title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    brand = forms.CharField(label=_("Brand"), max_length=200, required=False)
    gtin = forms.CharField(
        label=_("GTIN / EAN"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    condition = _condition_field()

    def __init__(self, *args, categories=(), **kwargs):
        kwargs.setdefault("currency", settings.MARKETPLACE_CURRENCY)
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + [(c.id, c.name) for c in categories]


class CategoryChoiceForm(forms.Form):
    """Step before proposing a product: its category decides which attributes it asks for."""

    category = forms.TypedChoiceField(label=_("Category of the new product"), coerce=int)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + [(c.id, c.name) for c in categories]
