"""Console form: the DAC7 period (year, quarter or whole year)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _years():
    return [(y, str(y)) for y in range(timezone.localdate().year, 2022, -1)]


class Dac7PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    quarter = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        initial=0,
        choices=[
            (0, _("Whole year")),
            (1, _("Quarter 1")),
            (2, _("Quarter 2")),
            (3, _("Quarter 3")),
            (4, _("Quarter 4")),
        ],
    )
