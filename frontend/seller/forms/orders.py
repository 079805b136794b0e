"""Seller central forms for an order part: shipping and a reason (cancelling, rejecting a return)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.carriers import CARRIERS

# The longest period a statement covers (the statement API allows the same).


class ShipForm(forms.Form):
    """Carrier, tracking number and how many of each line go into this parcel.

    ``lines`` is [(order line, quantity still to ship)]; each becomes a ``line-<id>`` field
    preset to everything left, so shipping all of it is one click and a partial parcel is
    a matter of lowering numbers.
    """

    carrier = forms.ChoiceField(label=_("Carrier"))
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = [("", _("Choose a carrier"))] + [
            (code, c.name) for code, c in CARRIERS.items()
        ]
        self.line_fields = []
        for line, left in lines:
            if left <= 0:
                continue
            name = f"line-{line.id}"
            self.fields[name] = forms.IntegerField(
                label=line.product_title,
                min_value=0,
                max_value=left,
                initial=left,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "quantity"}),
            )
            self.line_fields.append((line, left, name))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for _line, _left, name in self.line_fields):
            raise forms.ValidationError(_("Put at least one item into the parcel."))
        return cleaned

    def bound_lines(self) -> list:
        """[(order line, quantity left, bound field)] for the template."""
        return [(line, left, self[name]) for line, left, name in self.line_fields]

    def lines(self) -> list[tuple[int, int]]:
        return [
            (line.id, self.cleaned_data[name]) for line, _left, name in self.line_fields if self.cleaned_data.get(name)
        ]


class ReasonForm(forms.Form):
    """A reason the other side reads (cancelling an order, rejecting a return)."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
