"""GDPR across the customer-service apps: reviews, messages, wishlists, surveys and points are in
the person's export (and nobody else's data is), and erasure removes what is theirs to remove."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buyers import gdpr
from buyers.messaging.gdpr import ERASED
from buyers.messaging.models import Attachment, Message
from buyers.messaging.services import conversation_start
from buyers.reviews.models import Review
from buyers.reviews.services import product_review_create
from buyers.surveys.models import Survey
from buyers.wishlists.models import WishlistItem
from buyers.wishlists.services import recently_viewed_record, wishlist_item_add
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import deliver, place

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def two_buyers(category):
    vendor, owner = make_vendor(name="Hansen")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=2500, stock=50)
    people = {}
    for name in ("Erika", "Max"):
        user = UserFactory()
        order = place(user, [(offer, 1)])
        deliver(order)
        part = order.vendor_orders.get()
        product_review_create(buyer=user, order_line_id=part.lines.get().id, stars=4, text=f"{name}s Meinung zum Helm")
        conversation_start(
            buyer=user,
            body=f"{name} fragt nach der Rechnung",
            number=order.number,
            vendor_order_id=part.id,
            upload=SimpleUploadedFile("beleg.pdf", PDF, content_type="application/pdf"),
        )
        wishlist_item_add(user=user, product_id=offer.product_id)
        recently_viewed_record(user=user, product_ids=[offer.product_id])
        Survey.objects.create(
            vendor_order=part,
            vendor=vendor,
            buyer=user,
            csat=5,
            nps=9,
            comment=f"{name} ist zufrieden",
            answered_at=timezone.now(),
        )
        people[name] = user
    return people


def test_export_has_the_persons_customer_service_data_only(two_buyers):
    data = gdpr.person_export(user=two_buyers["Erika"])
    assert [r["text"] for r in data["reviews"]["reviews"]] == ["Erikas Meinung zum Helm"]
    assert [m["body"] for c in data["messaging"] for m in c["messages"]] == ["Erika fragt nach der Rechnung"]
    assert data["messaging"][0]["messages"][0]["attachments"] == ["beleg.pdf"]
    assert len(data["wishlists"]["wishlist"]) == 1 and len(data["wishlists"]["recently_viewed"]) == 1
    assert [s["comment"] for s in data["surveys"]] == ["Erika ist zufrieden"]
    assert "loyalty" in data
    assert "Max" not in str(data)


def test_erasure_removes_their_content_and_keeps_the_other_buyers(two_buyers):
    erika, max_ = two_buyers["Erika"], two_buyers["Max"]
    gdpr.person_erase(user=erika)
    assert not Review.objects.filter(buyer=erika).exists() and Review.objects.filter(buyer=max_).count() == 1
    assert list(Message.objects.filter(author=erika).values_list("body", flat=True)) == [ERASED]
    assert not Attachment.objects.filter(message__author=erika).exists()
    assert Attachment.objects.filter(message__author=max_).count() == 1
    assert not WishlistItem.objects.filter(user=erika).exists() and WishlistItem.objects.filter(user=max_).exists()
    assert Survey.objects.get(buyer=erika).comment == "" and Survey.objects.get(buyer=erika).nps == 9
    assert Survey.objects.get(buyer=max_).comment == "Max ist zufrieden"
