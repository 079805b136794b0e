"""The test factory's fast vendor (``make_vendor`` without ``onboarding=True``) ends in the same
state as the whole onboarding through the services, so the many tests that only need a ready
shop may skip the onboarding without testing a vendor the product could never produce."""

import pytest
from guardian.shortcuts import get_perms

from tests.factories import UserFactory, make_offer, make_vendor
from vendors.models import Offer
from vendors.selectors import LIVE_OFFER

pytestmark = pytest.mark.django_db

# Fields that differ between any two vendors (ids, times, the connected account's id) or name
# them (slug): compared by kind below, not by value.
VARIABLE = {
    "id",
    "slug",
    "email",
    "created_at",
    "status_changed_at",
    "approved_at",
    "trader_checked_at",
    "stripe_account_id",
    "stripe_account_event_created",
}


def end_state(vendor) -> dict:
    vendor.refresh_from_db()
    fields = {f.attname: getattr(vendor, f.attname) for f in vendor._meta.concrete_fields if f.attname not in VARIABLE}
    return {
        "fields": fields,
        "can_sell": vendor.can_sell,
        "has_account": vendor.stripe_account_id.startswith("acct_") and vendor.stripe_account_event_created > 0,
        "times_set": all(
            getattr(vendor, name) for name in ("created_at", "status_changed_at", "approved_at", "trader_checked_at")
        ),
        "intended_categories": sorted(vendor.intended_categories.values_list("slug", flat=True)),
        "members": sorted((m.user.username == vendor.email, m.role) for m in vendor.members.select_related("user")),
        "owner_permissions": sorted(get_perms(vendor.members.get(role="owner").user, vendor)),
        "documents": sorted(
            (
                d.kind,
                d.content_type,
                d.size,
                d.original_name,
                d.sha256,
                d.uploaded_by.username == vendor.email,
                bool(d.file.read()),
            )
            for d in vendor.documents.all()
        ),
        "certifications": sorted(
            (c.version, c.text, c.accepted_by.username == vendor.email) for c in vendor.trader_certifications.all()
        ),
    }


@pytest.mark.parametrize("sellable", [True, False])
def test_fast_vendor_ends_in_the_onboardings_state(settings, tmp_path, category, sellable):
    settings.MEDIA_ROOT = str(tmp_path)
    onboarded, onboarded_owner = make_vendor(
        name="Alpha", owner=UserFactory(username="a@example.test"), onboarding=True, sellable=sellable
    )
    fast, fast_owner = make_vendor(name="Alpha", owner=UserFactory(username="b@example.test"), sellable=sellable)

    assert fast.slug == "alpha-2" and onboarded.slug == "alpha"  # numbered the same way
    assert end_state(fast) == end_state(onboarded)
    assert end_state(fast)["can_sell"] is sellable
    # What the vendor can do with it: list an offer that goes live (or stays offline) alike.
    offers = [
        make_offer(vendor=v, owner=o, category=category) for v, o in ((onboarded, onboarded_owner), (fast, fast_owner))
    ]
    live = set(Offer.objects.filter(LIVE_OFFER, id__in=[o.id for o in offers]).values_list("vendor_id", flat=True))
    assert live == ({onboarded.id, fast.id} if sellable else set())
