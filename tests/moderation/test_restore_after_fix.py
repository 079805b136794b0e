"""An offer the rules suppressed returns to its previous status by itself once an update passes
every blocking rule; an operator's or enforcement's suppression stays."""

import pytest

from marketplace.models import AuditLogEntry
from moderation.models import OfferSuppression, ReviewItem
from moderation.services import listing_rule_create, offer_suppress
from tests.factories import make_offer, make_vendor
from vendors.models import Offer
from vendors.services import offer_update
from vendors.services.products import product_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller(category):
    vendor, owner = make_vendor(name="Alpha")
    listing_rule_create(actor=None, kind="max_handling_days", params={"max": 3}, severity="block")
    listing_rule_create(actor=None, kind="title_length", params={"min": 50}, severity="warn")  # warnings never block
    return vendor, owner


def status(offer):
    offer.refresh_from_db()
    return offer.status


@pytest.mark.parametrize("before", ["live", "paused"])
def test_fixed_offer_returns_to_its_previous_status(seller, category, before):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, handling_days=2)
    if before == "paused":
        offer_update(vendor=vendor, actor=owner, offer_id=offer.id, status="paused")
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=5)
    assert status(offer) == Offer.Status.SUPPRESSED
    assert OfferSuppression.objects.get(offer=offer).previous_status == before
    item = ReviewItem.objects.get(kind="flagged_offer", offer=offer)

    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, price=None, handling_days=4)  # still too long
    assert status(offer) == Offer.Status.SUPPRESSED

    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=3)
    assert status(offer) == before
    assert not OfferSuppression.objects.filter(offer=offer).exists()
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.APPROVED and "Fixed by the vendor" in item.reason
    assert AuditLogEntry.objects.filter(action="offer.restored_by_fix", object_id=str(offer.id)).count() == 1
    assert AuditLogEntry.objects.filter(action="review_item.resolved_by_fix", object_id=str(item.id)).count() == 1


@pytest.mark.parametrize("cause", ["operator", "enforcement"])
def test_other_suppressions_stay_after_a_fix(seller, category, cause):
    vendor, owner = seller
    offer = make_offer(vendor=vendor, owner=owner, category=category, handling_days=2)
    offer_suppress(
        actor=None, offer=Offer.objects.get(id=offer.id), reason="Operator: counterfeit suspicion.", cause=cause
    )
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=1)  # passes every rule
    assert status(offer) == Offer.Status.SUPPRESSED
    assert OfferSuppression.objects.get(offer=offer).cause == cause


def test_a_still_failing_rule_keeps_the_rules_suppression(seller, category):
    vendor, owner = seller
    listing_rule_create(actor=None, kind="gtin_required", params={}, severity="block")
    offer = make_offer(vendor=vendor, owner=owner, category=category, handling_days=5)
    assert status(offer) == Offer.Status.SUPPRESSED
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, handling_days=2)  # handling fixed, GTIN still missing
    assert status(offer) == Offer.Status.SUPPRESSED
    assert ReviewItem.objects.get(kind="flagged_offer", offer=offer).status == ReviewItem.Status.OPEN


def test_a_product_edit_that_fixes_the_rule_lifts_the_rules_suppression(seller, category):
    vendor, owner = seller
    listing_rule_create(actor=None, kind="title_length", params={"min": 12}, severity="block")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Kurz", handling_days=2)
    assert status(offer) == Offer.Status.SUPPRESSED

    product_update(vendor=vendor, actor=owner, product_id=offer.product_id, title="Ein ausreichend langer Titel")
    assert status(offer) == Offer.Status.LIVE
    assert not OfferSuppression.objects.filter(offer=offer).exists()
