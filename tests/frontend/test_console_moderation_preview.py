"""The moderation item's full listing preview (issue 19.4): images, texts in both languages,
attributes, price, seller history, the rules hit and duplicate candidates."""

import pytest

from marketplace.models import AttributeDefinition
from moderation.models import ReviewItem
from moderation.services import listing_rule_create
from moderation.services.rules import listing_evaluate
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from tests.moderation.test_duplicates import picture
from vendors.services.images import product_image_add

pytestmark = pytest.mark.django_db


def test_the_item_shows_the_whole_listing(operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    category = CategoryFactory(slug="kopfhoerer", name_de="Kopfhörer", name_en="Headphones")
    AttributeDefinition.objects.create(
        category=category, code="akku", name_de="Akkulaufzeit", name_en="Battery life", kind="number", unit="h"
    )
    AttributeDefinition.objects.create(
        category=category, code="farbe", name_de="Farbe", name_en="Colour", kind="text", required=False
    )
    other_vendor, other_owner = make_vendor(name="Beta")
    make_offer(vendor=other_vendor, owner=other_owner, category=category, title="Studio Kopfhörer Pro 7")
    make_offer(vendor=other_vendor, owner=other_owner, category=category, title="Kaffeemühle")
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Studio Kopfhörer Pro 7X",
        title_en="Studio headphones Pro 7X",
        description="Geschlossen, 32 Ohm.",
        description_en="Closed back, 32 ohms.",
        attributes={"akku": "30"},
        price=12900,
        moderated=False,
    )
    product_image_add(vendor=vendor, actor=owner, product_id=offer.product_id, upload=picture(5))
    listing_rule_create(actor=operator, kind="gtin_required", params={}, severity="warn")
    listing_evaluate(offer_id=offer.id)
    item = ReviewItem.objects.get(product=offer.product)

    page = browser(operator).get(f"/console/moderation/{item.id}/")
    assert page.status_code == 200
    preview = page.context["preview"]
    html = page.content.decode()
    assert "Geschlossen, 32 Ohm." in html and "Closed back, 32 ohms." in html and "Studio headphones Pro 7X" in html
    assert [(row.name, row.value, row.unit) for row in preview.attributes] == [("Battery life", "30", "h")]
    assert "129,00" in html or "129.00" in html
    assert len(preview.images) == 1 and preview.images[0].thumbnail.url in html
    assert [check.code for check in preview.checks] == ["gtin_missing"]
    assert [d.product.display_title for d in preview.duplicates] == ["Studio Kopfhörer Pro 7"]
    assert preview.history.vendor.id == vendor.id and preview.history.offers == 1


def test_non_operators_do_not_see_the_preview(operator):
    category = CategoryFactory()
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Neu", moderated=False)
    item = ReviewItem.objects.get(product=offer.product)
    for user in (owner, UserFactory()):
        assert browser(user).get(f"/console/moderation/{item.id}/").status_code == 404
