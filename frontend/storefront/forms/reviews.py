"""Forms of the review pages: a product review (stars, title, text, photos), a seller rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buyers.reviews import services

STAR_CHOICES = [
    (5, _("5 stars – excellent")),
    (4, _("4 stars – good")),
    (3, _("3 stars – average")),
    (2, _("2 stars – poor")),
    (1, _("1 star – very poor")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one field; each is checked by content in the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProductReviewForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Your rating"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=services.MAX_TITLE, required=False)
    text = forms.CharField(
        label=_("Your review"), max_length=services.MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    photos = MultipleImageField(
        label=_("Photos"), required=False, help_text=_("Up to 5 photos (JPEG, PNG or WebP, at most 5 MB each).")
    )


class SellerRatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating of the seller"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Delivery, packaging, communication."),
    )
