"""Duplicate listings by attributes (same category, identical values, similar title) and by
identical image content; only within one vendor, never across products' own offers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from moderation.models import ImageFingerprint
from moderation.rules import listing_check
from moderation.services import listing_rule_create
from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.services.images import product_image_add

pytestmark = pytest.mark.django_db


def picture(seed: int) -> SimpleUploadedFile:
    """A photo-like gradient; a different seed gives different pixels."""
    image = Image.new("RGB", (300, 300))
    image.putdata([((x * seed) % 256, (y * 3 + seed) % 256, (x + y) % 256) for y in range(300) for x in range(300)])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(f"p{seed}.png", out.getvalue())


@pytest.fixture
def seller(category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vendor, owner = make_vendor(name="Alpha")
    return vendor, owner


def codes(offer, rule):
    offer.refresh_from_db()
    return [r.code for r in listing_check(offer, rules=[rule])]


def test_same_category_and_attributes_with_similar_title(seller, category):
    vendor, owner = seller
    rule = listing_rule_create(
        actor=None,
        kind="duplicate_listing",
        params={"min_similarity_pct": 100, "attributes_title_pct": 60, "images": False},
        severity="block",
    )
    attrs = {"colour": "Rot", "size": "M"}
    make_offer(vendor=vendor, owner=owner, category=category, title="Fahrradhelm Blitz", attributes=attrs)
    twin = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Fahrradhelm Blitz Pro",
        attributes={"colour": "rot ", "size": "m"},
    )
    other_values = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Fahrradhelm Blitz X",
        attributes={"colour": "Blau", "size": "M"},
    )
    other_category = make_offer(
        vendor=vendor, owner=owner, category=CategoryFactory(), title="Fahrradhelm Blitz Y", attributes=attrs
    )
    other_title = make_offer(vendor=vendor, owner=owner, category=category, title="Kaffeemühle Aroma", attributes=attrs)
    beta, beta_owner = make_vendor(name="Beta")
    elsewhere = make_offer(
        vendor=beta, owner=beta_owner, category=category, title="Fahrradhelm Blitz Pro", attributes=attrs
    )
    assert codes(twin, rule) == ["duplicate_attributes"]
    assert codes(other_values, rule) == []
    assert codes(other_category, rule) == []
    assert codes(other_title, rule) == []
    assert codes(elsewhere, rule) == []


def test_identical_image_content(seller, category):
    vendor, owner = seller
    rule = listing_rule_create(actor=None, kind="duplicate_listing", params={"images": True}, severity="block")
    first = make_offer(vendor=vendor, owner=owner, category=category, title="Wanderrucksack Gipfel")
    second = make_offer(vendor=vendor, owner=owner, category=category, title="Trekkingtasche Alpen")
    third = make_offer(vendor=vendor, owner=owner, category=category, title="Schlafsack Polar")
    product_image_add(vendor=vendor, actor=owner, product_id=first.product_id, upload=picture(7))
    product_image_add(vendor=vendor, actor=owner, product_id=second.product_id, upload=picture(7))  # the same photo
    product_image_add(vendor=vendor, actor=owner, product_id=third.product_id, upload=picture(11))
    beta, beta_owner = make_vendor(name="Beta")
    theirs = make_offer(vendor=beta, owner=beta_owner, category=category, title="Rucksack Tal")
    product_image_add(vendor=beta, actor=beta_owner, product_id=theirs.product_id, upload=picture(7))
    result = listing_check(second, rules=[rule])
    assert [r.code for r in result] == ["duplicate_image"] and str(first.id) in result[0].message
    assert codes(third, rule) == []
    assert codes(theirs, rule) == []  # another vendor's identical photo is not this rule's business
    assert ImageFingerprint.objects.filter(image__product_id=first.product_id).count() == 1  # stored once, reused
    assert codes(second, rule) == ["duplicate_image"]
    assert ImageFingerprint.objects.count() == 3  # Beta has nothing to compare with: nothing computed


def test_duplicate_params_are_checked(operator):
    from tests.conftest import client_for

    response = client_for(operator).post(
        "/api/operator/moderation/rules/", {"kind": "duplicate_listing", "params": {"images": "yes"}}, format="json"
    )
    assert response.status_code == 400 and "true or false" in str(response.data["params"])
