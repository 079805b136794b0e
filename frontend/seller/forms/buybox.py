"""The buy box simulator: a price and a handling time to try (and to set)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.seller.forms.offers import OfferUpdateForm
from vendors.services.checks import MAX_HANDLING_DAYS


class BuyBoxSimulateForm(OfferUpdateForm):
    """The price as on the dashboard (major units, "19,99"), and the handling time in days."""

    stock = None
    handling_days = forms.IntegerField(
        label=_("Handling time (days)"),
        min_value=0,
        max_value=MAX_HANDLING_DAYS,
        help_text=_("Business days from the order until you hand the parcel to the carrier."),
    )
