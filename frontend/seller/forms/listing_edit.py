"""The listing editor's forms: product texts, the category's attributes as typed inputs, an
image upload, the offer's details, a variant, and an offer of another variant. Parsing only: the
rules live in vendors.services (the seller API calls the same)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from frontend.seller.forms.offers import OfferUpdateForm
from marketplace.models import AttributeDefinition
from marketplace.money import CURRENCY_EXPONENTS, Money
from vendors.models import Offer
from vendors.services.products import MAX_BRAND, MAX_DESCRIPTION, MAX_TITLE

ATTRIBUTE_PREFIX = "attr_"


class ProductTextsForm(forms.Form):
    title = forms.CharField(label=_("Title (German)"), max_length=MAX_TITLE, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=MAX_TITLE, required=False)
    description = forms.CharField(
        label=_("Description (German)"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    brand = forms.CharField(label=_("Brand"), max_length=MAX_BRAND, required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("title") and not cleaned.get("title_en"):
            self.add_error("title", _("Give a title in German or English."))
        return cleaned


class ChangeRequestForm(ProductTextsForm):
    """A correction of a shared catalog product's texts, with a note for the operators."""

    note = forms.CharField(
        label=_("Why (for our team)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the brand on the packaging is spelt differently."),
    )


def _attribute_label(definition: AttributeDefinition) -> str:
    english = (get_language() or "de").startswith("en")
    name = (definition.name_en if english else definition.name_de) or definition.code
    return f"{name} ({definition.unit})" if definition.unit else name


class AttributesForm(forms.Form):
    """One typed input per attribute of the category's schema (``attr_<code>``)."""

    def __init__(self, *args, schema: dict[str, AttributeDefinition], values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = schema
        kinds = AttributeDefinition.Kind
        for code, definition in schema.items():
            label, value = _attribute_label(definition), values.get(code)
            required = definition.required
            if definition.kind == kinds.NUMBER:
                field = forms.DecimalField(
                    label=label,
                    required=required,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
            elif definition.kind == kinds.ENUM:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    choices=[("", _("Choose"))] + [(str(v), str(v)) for v in definition.allowed_values],
                )
            elif definition.kind == kinds.BOOLEAN:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    choices=[("", _("Not stated")), ("true", _("Yes")), ("false", _("No"))],
                )
                value = "" if value is None else ("true" if value else "false")
            else:
                field = forms.CharField(label=label, required=required, max_length=500)
            field.initial = value
            self.fields[ATTRIBUTE_PREFIX + code] = field

    def attributes(self) -> dict:
        """The cleaned values by attribute code, as the attributes service reads them."""
        result = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            result[name[len(ATTRIBUTE_PREFIX) :]] = str(value) if not isinstance(value, str) else value
        return result


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image"), help_text=_("JPEG, PNG or WebP, at least 200 pixels on each side."))


RETURN_WINDOW_CHOICES = [(days, _("%(days)s days") % {"days": days}) for days in Offer.RETURN_WINDOWS]


class OfferDetailsForm(OfferUpdateForm):
    """Price, quantity, handling time, return window, shipping profile and (for a product with
    variants) which variant this offer sells."""

    handling_days = forms.IntegerField(
        label=_("Handling time (working days)"), min_value=0, max_value=30, help_text=_("Days until you ship.")
    )
    return_window_days = forms.TypedChoiceField(label=_("Return window"), coerce=int, choices=RETURN_WINDOW_CHOICES)
    shipping_profile = forms.TypedChoiceField(label=_("Shipping profile"), coerce=int, required=False, empty_value=None)
    variant = forms.TypedChoiceField(label=_("Variant"), coerce=int, required=False, empty_value=None)
    condition_note = forms.CharField(
        label=_("Condition note"),
        max_length=300,
        required=False,
        help_text=_("What a used or refurbished item looks like, e.g. small scratch on the lid."),
    )

    def __init__(self, *args, profiles=(), variants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stock"].label = _("Quantity in stock")
        self.fields["shipping_profile"].choices = [("", _("Your default profile"))] + [(p.id, p.name) for p in profiles]
        if variants:
            self.fields["variant"].choices = [("", _("No variant"))] + [(v.id, v.label) for v in variants]
        else:
            del self.fields["variant"]


class VariantForm(forms.Form):
    """A variant: up to two options (name and value, e.g. size = M) and its own GTIN."""

    option1_name = forms.SlugField(label=_("Option 1 name"), max_length=32, help_text=_("e.g. size"))
    option1_value = forms.CharField(label=_("Option 1 value"), max_length=100, help_text=_("e.g. M"))
    option2_name = forms.SlugField(label=_("Option 2 name"), max_length=32, required=False)
    option2_value = forms.CharField(label=_("Option 2 value"), max_length=100, required=False)
    gtin = forms.CharField(
        label=_("GTIN / EAN of the variant"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("option2_name")) != bool(cleaned.get("option2_value")) and not self.errors:
            self.add_error("option2_value", _("Give the second option's name and value, or neither."))
        return cleaned

    @classmethod
    def for_variant(cls, variant, data=None) -> VariantForm:
        """The edit form of an existing variant: its options and GTIN, fields named per variant."""
        names = sorted(variant.options)
        initial = {"gtin": variant.gtin}
        for number, name in enumerate(names[:2], start=1):
            initial[f"option{number}_name"] = name
            initial[f"option{number}_value"] = variant.options[name]
        return cls(data, initial=initial, prefix=f"variant{variant.id}")

    def options(self) -> dict[str, str]:
        data = self.cleaned_data
        options = {data["option1_name"].lower().replace("-", "_"): data["option1_value"]}
        if data.get("option2_name"):
            options[data["option2_name"].lower().replace("-", "_")] = data["option2_value"]
        return options


class VariantOfferForm(OfferUpdateForm):
    """Sell another variant of the product: its price and quantity (the rest as this offer)."""

    variant = forms.TypedChoiceField(label=_("Variant"), coerce=int)

    def __init__(self, *args, variants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].choices = [(v.id, v.label) for v in variants]
        self.fields["stock"].label = _("Quantity in stock")


class SaleForm(forms.Form):
    """A sale: its price and when it starts and ends (the shop's time zone)."""

    sale_price = forms.DecimalField(
        label=_("Sale price"),
        min_value=0,
        max_digits=14,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    sale_starts_at = forms.DateTimeField(
        label=_("Sale starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    sale_ends_at = forms.DateTimeField(
        label=_("Sale ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean_sale_price(self) -> Money:
        try:
            return Money.from_decimal(self.cleaned_data["sale_price"], self.currency)
        except ValueError:
            raise forms.ValidationError(
                _("Prices in %(currency)s have at most %(places)s decimal places."),
                params={"currency": self.currency, "places": CURRENCY_EXPONENTS.get(self.currency, 2)},
            ) from None
