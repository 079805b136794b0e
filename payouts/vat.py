"""VAT facts shared by invoices (buyers) and commission invoices (payouts): EU membership and reverse charge."""

from __future__ import annotations

from stdnum.eu import vat as eu_vat

EU_COUNTRIES = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())


def vat_id_valid(vat_id: str) -> bool:
    """Format and check digits (python-stdnum); a VIES lookup is the operator's job at onboarding."""
    return bool(vat_id) and eu_vat.is_valid(vat_id)


def vat_id_country(vat_id: str) -> str:
    country = eu_vat.compact(vat_id)[:2].upper()
    return "GR" if country == "EL" else country  # Greece's VAT IDs say EL


def reverse_charge_applies(*, supplier_country: str, customer_vat_id: str) -> bool:
    """A business customer with a valid VAT ID of another EU country than the supplier's: the
    customer owes the VAT (Art. 196 VAT Directive, § 13b UStG), the invoice shows none."""
    if not vat_id_valid(customer_vat_id):
        return False
    country = vat_id_country(customer_vat_id)
    return country in EU_COUNTRIES and supplier_country in EU_COUNTRIES and country != supplier_country
