"""Console forms of the help centre: articles and categories."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class HelpArticleForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    slug = forms.CharField(
        label=_("Address (slug)"),
        max_length=120,
        help_text=_("Lower-case letters, digits and hyphens, e.g. return-costs."),
    )
    title_de = forms.CharField(label=_("Title (German)"), max_length=200, required=False)
    body_de = forms.CharField(
        label=_("Text (German)"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Text (English)"), max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)
    published = forms.BooleanField(label=_("Published (visible to buyers)"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.id, c.name) for c in categories]


class HelpCategoryForm(forms.Form):
    slug = forms.CharField(label=_("Address (slug)"), max_length=80)
    name_de = forms.CharField(label=_("Name (German)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)
