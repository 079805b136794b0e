"""The demo data behind `make run` loads through the real services, and loading it again adds nothing."""

import pytest

from frontend import demo_data
from vendors.models import Offer, Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo pictures


def test_demo_seed_goes_through_the_vendor_status_machine_and_is_idempotent():
    first = demo_data.seed(n_products=24, skip_outbox=True)

    approved = [spec for spec in demo_data.VENDORS if spec.approve]
    statuses = dict(Vendor.objects.values_list("slug", "status"))
    assert [statuses[spec.slug] for spec in approved] == [Vendor.Status.APPROVED] * len(approved)
    assert statuses[demo_data.VENDORS[-1].slug] == Vendor.Status.APPLIED  # left for the console to review
    assert Offer.objects.filter(status=Offer.Status.LIVE).exists()
    assert first.created_anything

    before = demo_data.counts()
    again = demo_data.seed(n_products=24, skip_outbox=True)
    assert not again.created_anything
    assert demo_data.counts() == before
