"""Buying as a business (B2B): company name and VAT ID on the buyer's profile. Business orders
carry no statutory withdrawal right, and their invoices name the buyer's VAT ID (reverse charge
when it is of another EU country than the seller's)."""

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.eu import vat as eu_vat

from buyers.models import BuyerProfile
from marketplace.audit import audit_record
from marketplace.errors import DomainError
from payouts.vat import vat_id_valid


@transaction.atomic
def buyer_business_set(*, user, is_business: bool, company_name: str = "", vat_id: str = "") -> BuyerProfile:
    company_name, vat_id = company_name.strip(), eu_vat.compact(vat_id) if vat_id.strip() else ""
    if is_business and not company_name:
        raise DomainError(_("Enter the company name that goes on your invoices."), field="company_name")
    if vat_id and not vat_id_valid(vat_id):
        raise DomainError(
            _("%(vat_id)s is not a valid EU VAT ID (country code and number, e.g. DE136695976).") % {"vat_id": vat_id},
            field="vat_id",
            code="invalid_vat_id",
        )
    if vat_id and not is_business:
        raise DomainError(_('A VAT ID belongs to a business account: tick "I buy as a business".'), field="vat_id")
    profile, _created = BuyerProfile.objects.get_or_create(user=user)
    profile.is_business = is_business
    profile.company_name = company_name[:200] if is_business else ""
    profile.vat_id = vat_id if is_business else ""
    profile.save(update_fields=["is_business", "company_name", "vat_id"])
    audit_record(actor=user, action="account.business_changed", obj=profile, data={"is_business": is_business})
    return profile
