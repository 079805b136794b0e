"""Shipping profiles on a page: the profile, up to four zones and two pickup locations, holiday mode.

The forms only turn text into the service's specs (``vendors.services.shipping``); every rule
(countries, brackets in order, one zone per country, opening hours) is the service's, and its
errors come back on the field they name (``apply_profile_error``)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.money import CURRENCY_EXPONENTS, Money
from vendors.models import ShippingZone
from vendors.services.shipping import PickupSpec, RateSpec, ZoneSpec

ZONE_SLOTS = 4
PICKUP_SLOTS = 2
BRACKET = re.compile(r"^\s*(?:(\d+)|\*)\s*(?:g)?\s*[=:]\s*(\d+(?:[.,]\d{1,2})?)\s*$")
SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _amount(value, currency: str) -> int:
    return Money.from_decimal(value, currency).amount


def _money_field(label, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=12,
        decimal_places=CURRENCY_EXPONENTS.get("EUR", 2),
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name of the profile"), max_length=100)
    handling_days = forms.IntegerField(
        label=_("Handling time (days)"),
        min_value=0,
        max_value=30,
        initial=2,
        help_text=_("Business days from the order until you hand the parcel to the carrier."),
    )
    free_shipping_threshold = _money_field(
        _("Free shipping from (EUR)"), help_text=_("Order value from which shipping is free; empty: never.")
    )
    is_default = forms.BooleanField(
        label=_("Default profile (for offers without a profile of their own)"), required=False
    )


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("Zone name"), max_length=100, required=False)
    countries = forms.CharField(
        label=_("Countries"), max_length=200, required=False, help_text=_("Two-letter codes, e.g. DE or AT, CH.")
    )
    rate_kind = forms.ChoiceField(
        label=_("Rate"),
        choices=[
            ("flat", _("Flat rate per shipment")),
            ("per_item", _("Per item")),
            ("weight", _("By weight")),
        ],
        required=False,
    )
    amount = _money_field(_("Price (EUR)"), help_text=_("Flat rate, or the first item."))
    additional_item_amount = _money_field(_("Each further item (EUR)"), help_text=_("Per item rates only."))
    brackets = forms.CharField(
        label=_("Weight brackets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("By weight only: one line per bracket, “up to grams = price”, the last may be “* = price”."),
    )
    transit_days = forms.IntegerField(
        label=_("Transit time (days)"),
        min_value=0,
        max_value=30,
        required=False,
        help_text=_("Business days the carrier needs; used for the delivery date buyers see."),
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("name") or data.get("countries"))

    def clean(self):
        data = super().clean()
        if not (data.get("name") or data.get("countries")):
            return data
        if not data.get("rate_kind"):
            self.add_error("rate_kind", _("Choose how this zone is charged."))
        if data.get("rate_kind") == ShippingZone.RateKind.WEIGHT:
            if not (data.get("brackets") or "").strip():
                self.add_error("brackets", _("Enter at least one weight bracket."))
        elif data.get("rate_kind") and data.get("amount") is None:
            self.add_error("amount", _("Enter the price of this zone."))
        return data

    def spec(self, currency: str) -> ZoneSpec:
        data = self.cleaned_data
        countries = [c for c in re.split(r"[\s,;]+", data["countries"]) if c]
        if data["rate_kind"] == ShippingZone.RateKind.WEIGHT:
            rates = []
            for line in (data.get("brackets") or "").splitlines():
                if not line.strip():
                    continue
                match = BRACKET.match(line)
                if not match:
                    raise DomainError(
                        _("%(line)r is not a bracket; write “1000 = 4,90” (grams = price) or “* = 9,90”.")
                        % {"line": line.strip()},
                        field="brackets",
                    )
                grams, price = match.groups()
                rates.append(
                    RateSpec(
                        amount=Money.from_decimal(Decimal(price.replace(",", ".")), currency).amount,
                        max_weight_g=int(grams) if grams else None,
                    )
                )
        else:
            rates = [
                RateSpec(
                    amount=_amount(data["amount"], currency),
                    additional_item_amount=_amount(data.get("additional_item_amount") or 0, currency),
                )
            ]
        return ZoneSpec(
            name=data["name"] or ", ".join(countries),
            countries=countries,
            rate_kind=data["rate_kind"],
            rates=rates,
            transit_days=data.get("transit_days"),
        )


class PickupForm(forms.Form):
    name = forms.CharField(label=_("Name of the pickup location"), max_length=100, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, required=False, initial="DE")
    weekdays = forms.CharField(
        label=_("Opening hours Monday to Friday"),
        max_length=11,
        required=False,
        help_text=_("e.g. 09:00-18:00; empty: closed"),
    )
    saturday = forms.CharField(
        label=_("Opening hours on Saturday"), max_length=11, required=False, help_text=_("e.g. 10:00-14:00")
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("name", "street", "postal_code", "city"))

    def _span(self, name: str) -> list[list[str]]:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return []
        match = SPAN.match(value)
        if not match:
            raise forms.ValidationError(_("Write the hours as 09:00-18:00."))
        h1, m1, h2, m2 = match.groups()
        return [[f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"]]

    def clean_weekdays(self):
        return self._span("weekdays")

    def clean_saturday(self):
        return self._span("saturday")

    def spec(self) -> PickupSpec:
        data = self.cleaned_data
        hours = {day: data["weekdays"] for day in WEEKDAYS} | {"sat": data["saturday"], "sun": []}
        return PickupSpec(
            name=data["name"],
            street=data["street"],
            postal_code=data["postal_code"],
            city=data["city"],
            country=(data.get("country") or "").upper(),
            opening_hours=hours,
        )


ZoneFormSet = forms.formset_factory(ZoneForm, extra=ZONE_SLOTS, max_num=ZONE_SLOTS, validate_max=True)
PickupFormSet = forms.formset_factory(PickupForm, extra=PICKUP_SLOTS, max_num=PICKUP_SLOTS, validate_max=True)


def zone_initial(profile) -> list[dict]:
    rows = []
    for zone in profile.zones.all():
        rates = list(zone.rates.all())
        row = {
            "name": zone.name,
            "countries": ", ".join(zone.countries),
            "rate_kind": zone.rate_kind,
            "transit_days": zone.transit_days,
        }
        if zone.rate_kind == ShippingZone.RateKind.WEIGHT:
            row["brackets"] = "\n".join(
                f"{rate.max_weight_g if rate.max_weight_g is not None else '*'} = "
                f"{Money(rate.amount, profile.currency).to_decimal()}"
                for rate in rates
            )
        elif rates:
            row["amount"] = Money(rates[0].amount, profile.currency).to_decimal()
            row["additional_item_amount"] = Money(rates[0].additional_item_amount, profile.currency).to_decimal()
        rows.append(row)
    return rows


def pickup_initial(profile) -> list[dict]:
    rows = []
    for location in profile.pickup_locations.all():
        hours = location.opening_hours or {}
        span = (hours.get("mon") or [None])[0]
        saturday = (hours.get("sat") or [None])[0]
        rows.append(
            {
                "name": location.name,
                "street": location.street,
                "postal_code": location.postal_code,
                "city": location.city,
                "country": location.country,
                "weekdays": "-".join(span) if span else "",
                "saturday": "-".join(saturday) if saturday else "",
            }
        )
    return rows


FIELD = re.compile(r"^(zones|pickup_locations)\[(\d+)\](?:\.(\w+))?")


def apply_profile_error(exc: DomainError, profile_form, zones, pickups, zone_slots, pickup_slots) -> None:
    """Show the service's error on the field it names: ``zones[1].countries`` is the second filled
    zone's countries (``zone_slots`` maps filled positions to the forms)."""
    match = FIELD.match(exc.field or "")
    if match:
        group, index, name = match.group(1), int(match.group(2)), match.group(3) or ""
        forms_, slots = (zones, zone_slots) if group == "zones" else (pickups, pickup_slots)
        if index < len(slots):
            form = forms_.forms[slots[index]]
            name = {"rates": "brackets" if form.cleaned_data.get("rate_kind") == "weight" else "amount"}.get(name, name)
            if name.startswith("rates"):
                name = "amount"
            if name == "opening_hours":
                name = "weekdays"
            form.add_error(name if name in form.fields else None, exc.message)
            return
    if exc.field == "zones":
        zones.forms[0].add_error("countries", exc.message)
        return
    field = exc.field if exc.field in profile_form.fields else None
    profile_form.add_error(field, exc.message)


class HolidayForm(forms.Form):
    until = forms.DateField(
        label=_("Back on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Your offers are paused until this day and go live again on it."),
    )
