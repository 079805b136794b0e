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


def test_demo_data_shows_a_product_in_sizes_and_one_with_a_warranty(client):
    from buyers.addons.models import ServiceOffer
    from vendors.models import ProductVariant

    plan = demo_data.build_plan(60)
    assert {demo_data.VARIANT_CATEGORY, demo_data.ADDON_CATEGORY} <= {item.category_slug for item in plan}
    result = demo_data.seed(n_products=60, skip_outbox=True)
    assert (result.created["variants"], result.created["add-ons"]) == (3, 1)
    sized = ProductVariant.objects.first().product
    page = client.get(f"/p/{sized.id}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert all(f"?variant={v.id}" in page for v in sized.variants.all())
    warranty = ServiceOffer.objects.get()
    assert demo_data.ADDON_TITLE in client.get(f"/p/{warranty.product_id}/").content.decode()
    again = demo_data.seed(n_products=60, skip_outbox=True)
    assert not again.created_anything
