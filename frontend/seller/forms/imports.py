"""Bulk import: the upload, the template download and the column mapping step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.imports import IMPORT_FIELDS, REQUIRED_FIELDS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "One row per offer; columns sku, price and stock are required, gtin or category and title for new "
            "products. Other column names: you map them in the next step."
        ),
    )


class ImportTemplateForm(forms.Form):
    """Which category's attributes the template carries, and the file type."""

    category = forms.TypedChoiceField(
        label=_("Category"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The template gets a column for each attribute of this category."),
    )
    file_format = forms.ChoiceField(
        label=_("File type"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")], initial="xlsx"
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("No category (basic columns only)"))] + [
            (c.id, c.name) for c in categories
        ]


class ImportMappingForm(forms.Form):
    """For each of our fields: which column of the file holds it (or none)."""

    def __init__(self, *args, header: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        columns = [name for name in header if name]
        for name in IMPORT_FIELDS:
            guess = mapping.get(name) or (name if name in columns else "")
            self.fields[name] = forms.ChoiceField(
                label=name,
                required=name in REQUIRED_FIELDS,
                choices=[("", _("(not in my file)"))] + [(c, c) for c in columns],
                initial=guess,
            )
