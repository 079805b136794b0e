"""Conversations: who may read and write (buyer, seller roles, other tenants, operators),
attachments checked by content and served to participants only, read status, notification once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from buyers.messaging import services
from buyers.messaging.models import Attachment, Conversation, Message
from buyers.messaging.selectors import vendor_response_time
from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_deliver
from moderation.scorecards import measure_read
from tests.buyers.messaging.conftest import PDF
from tests.conftest import client_for, row_counts

pytestmark = pytest.mark.django_db


def start(shop, body="Wo bleibt mein Paket?", **extra):
    return client_for(shop.alice).post(
        "/api/conversations/start/",
        {"order_number": shop.order.number, "vendor_order_id": shop.part.id, "body": body, **extra},
        format="multipart",
    )


def test_buyer_writes_about_an_order_and_seller_roles_answer(shop):
    response = start(shop)
    assert response.status_code == 201, response.data
    cid = response.data["conversation_id"]
    again = start(shop, body="Noch eine Frage")
    assert again.data["conversation_id"] == cid  # one thread per seller part
    for role in ("owner", "manager", "fulfilment"):
        seller = client_for(shop.members[role])
        assert seller.get(f"/api/seller/conversations/{cid}/").status_code == 200
        answer = seller.post(f"/api/seller/conversations/{cid}/messages/", {"body": f"Antwort ({role})"}, format="json")
        assert answer.status_code == 201 and answer.data["party"] == "seller"
    finance = client_for(shop.members["finance"])
    assert finance.get(f"/api/seller/conversations/{cid}/").status_code == 403  # Alpha's own: the role decides
    assert finance.post(f"/api/seller/conversations/{cid}/messages/", {"body": "x"}, format="json").status_code == 403
    detail = client_for(shop.alice).get(f"/api/conversations/{cid}/").data
    assert [m["party"] for m in detail["messages"]] == ["buyer", "buyer", "seller", "seller", "seller"]


def test_other_tenants_and_operators_before_joining(shop):
    cid = start(shop).data["conversation_id"]
    before = row_counts()
    outsiders = {
        "bob": client_for(shop.bob),
        "beta owner": client_for(shop.beta_owner),
        "operator as buyer": client_for(shop.operator),
    }
    for name, api in outsiders.items():
        assert api.get(f"/api/conversations/{cid}/").status_code == 404, name
        assert api.post(f"/api/conversations/{cid}/messages/", {"body": "hi"}, format="json").status_code == 404, name
        assert api.post(f"/api/conversations/{cid}/read/").status_code == 404, name
    beta = client_for(shop.beta_owner)
    assert beta.get(f"/api/seller/conversations/{cid}/").status_code == 404
    assert beta.post(f"/api/seller/conversations/{cid}/messages/", {"body": "hi"}, format="json").status_code == 404
    assert client_for(shop.bob).get(f"/api/operator/conversations/{cid}/").status_code == 403
    assert client_for(shop.alice).get("/api/conversations/").data["count"] == 1
    assert client_for(shop.bob).get("/api/conversations/").data["count"] == 0
    operator = client_for(shop.operator)
    assert operator.get(f"/api/operator/conversations/{cid}/").status_code == 200  # operators may look
    refused = operator.post(f"/api/operator/conversations/{cid}/messages/", {"body": "Hallo"}, format="json")
    assert refused.status_code == 400 and refused.data["error_code"] == "not_joined"
    assert row_counts() == before
    assert operator.post(f"/api/operator/conversations/{cid}/join/").data["operator_joined"] is True
    assert (
        operator.post(
            f"/api/operator/conversations/{cid}/messages/", {"body": "Wir schauen uns das an."}, format="json"
        ).status_code
        == 201
    )
    assert client_for(shop.alice).get(f"/api/conversations/{cid}/").data["messages"][-1]["party"] == "operator"


def test_question_about_an_offer_before_buying(shop):
    api = client_for(shop.bob)
    response = api.post(
        "/api/conversations/start/", {"offer_id": shop.offer.id, "body": "Passt der Helm bei 58 cm?"}, format="json"
    )
    assert response.status_code == 201, response.data
    conversation = Conversation.objects.get(id=response.data["conversation_id"])
    assert conversation.vendor_id == shop.alpha.id and conversation.vendor_order_id is None
    assert client_for(shop.members["owner"]).get("/api/seller/conversations/").data["count"] == 1
    both = api.post(
        "/api/conversations/start/",
        {"offer_id": shop.offer.id, "vendor_order_id": shop.part.id, "order_number": shop.order.number, "body": "x"},
        format="json",
    )
    assert both.status_code == 400 and "vendor_order" in both.data
    foreign_order = api.post(
        "/api/conversations/start/",
        {"order_number": shop.order.number, "vendor_order_id": shop.part.id, "body": "x"},
        format="json",
    )
    assert foreign_order.status_code == 404  # Alice's order is no order of Bob's


BAD_ATTACHMENTS = [
    (b"MZ\x90\x00 not a document", "invoice.pdf", "Only PDF, PNG or JPEG"),
    (b"\x89PNG\r\n\x1a\n broken", "photo.png", "damaged"),
    (PDF + b"x" * 200, "big.pdf", "at most"),
    (b"", "empty.pdf", "empty"),
]


def test_bad_attachments_are_400_on_the_field_and_store_nothing(shop, settings):
    settings.MESSAGING_ATTACHMENT_MAX_BYTES = 100
    cid = start(shop).data["conversation_id"]
    before, files = row_counts(), Attachment.objects.count()
    api = client_for(shop.alice)
    for content, name, why in BAD_ATTACHMENTS:
        response = api.post(
            f"/api/conversations/{cid}/messages/",
            {"body": "Foto anbei", "attachment": SimpleUploadedFile(name, content)},
            format="multipart",
        )
        assert response.status_code == 400, name
        assert "attachment" in response.data and why in str(response.data["attachment"]), response.data
    empty_body = api.post(f"/api/conversations/{cid}/messages/", {"body": " "}, format="json")
    assert empty_body.status_code == 400 and "body" in empty_body.data
    refused_start = api.post(
        "/api/conversations/start/",
        {"offer_id": shop.offer.id, "body": "Frage", "attachment": SimpleUploadedFile("x.pdf", b"<html>")},
        format="multipart",
    )
    assert refused_start.status_code == 400 and "attachment" in refused_start.data
    assert row_counts() == before and Attachment.objects.count() == files and Message.objects.count() == 1


def test_attachments_are_downloads_for_participants_only(shop):
    response = start(shop, attachment=SimpleUploadedFile("beleg.pdf", PDF))
    attachment_id = response.data["attachments"][0]["id"]
    url = f"/api/attachments/{attachment_id}/"
    for user in (shop.alice, shop.members["owner"], shop.members["fulfilment"], shop.operator):
        got = client_for(user).get(url)
        assert got.status_code == 200
        assert got["Content-Type"] == "application/pdf" and got["X-Content-Type-Options"] == "nosniff"
        assert got["Content-Disposition"].startswith("attachment;")
        assert b"".join(got.streaming_content) == PDF
    for user in (shop.bob, shop.beta_owner, shop.members["finance"]):
        assert client_for(user).get(url).status_code == 404
    stored = Attachment.objects.get(id=attachment_id)
    assert "beleg" not in stored.file.name and stored.file.name.endswith(".pdf")  # our name, the detected type


def test_read_status_per_party(shop):
    cid = start(shop).data["conversation_id"]
    seller = client_for(shop.members["manager"])
    assert seller.get("/api/seller/conversations/").data["results"][0]["unread"] == 1
    detail = client_for(shop.alice).get(f"/api/conversations/{cid}/").data
    first = detail["messages"][0]["id"]
    assert detail["read_upto"] == {"buyer": first}  # the seller has not read it
    assert seller.post(f"/api/seller/conversations/{cid}/read/").data == {"last_read_message_id": first}
    assert seller.get("/api/seller/conversations/").data["results"][0]["unread"] == 0
    assert client_for(shop.alice).get(f"/api/conversations/{cid}/").data["read_upto"]["seller"] == first
    reply = seller.post(f"/api/seller/conversations/{cid}/messages/", {"body": "Ist unterwegs."}, format="json").data[
        "id"
    ]
    buyer_view = client_for(shop.alice).get("/api/conversations/").data["results"][0]
    assert buyer_view["unread"] == 1
    client_for(shop.alice).post(f"/api/conversations/{cid}/read/")
    assert client_for(shop.alice).get("/api/conversations/").data["results"][0]["unread"] == 0
    assert (
        client_for(shop.members["owner"]).get(f"/api/seller/conversations/{cid}/").data["read_upto"]["buyer"] == reply
    )


def test_one_mail_per_message_even_when_the_outbox_redelivers(shop, mailoutbox):
    shop.alice.email = "alice@example.test"
    shop.alice.save(update_fields=["email"])
    outbox_deliver()  # the shop's own mails (order confirmation, shipping) first
    mailoutbox.clear()
    services.conversation_start(buyer=shop.alice, body="Frage", number=shop.order.number, vendor_order_id=shop.part.id)
    outbox_deliver()  # what the after-commit delivery does (these tests never commit)
    assert [m.to for m in mailoutbox] == [[shop.alpha.email]]
    conversation = Conversation.objects.get()
    services.message_send(conversation=conversation, author=shop.members["owner"], party="seller", body="Antwort")
    outbox_deliver()
    assert [m.to for m in mailoutbox] == [[shop.alpha.email], ["alice@example.test"]]
    assert "Antwort" in mailoutbox[1].body and f"/messages/{conversation.id}/" in mailoutbox[1].body
    # A consumer that crashed before marking its batch delivered: the events come again.
    OutboxEvent.objects.filter(topic="messaging.message_created").update(delivered_at=None, available_at=timezone.now())
    assert outbox_deliver().delivered == 2
    assert len(mailoutbox) == 2


def test_response_time_is_the_first_seller_answer_after_a_buyer_message(shop):
    owner = shop.members["owner"]
    # A seller writing first (nothing asked yet) is no answer.
    other = services.conversation_start(buyer=shop.bob, body="Frage", offer_id=shop.offer.id).conversation
    services.message_send(conversation=other, author=owner, party="seller", body="Antwort 1")
    services.message_send(conversation=other, author=owner, party="seller", body="Antwort 2")
    other.refresh_from_db()
    first_answer = Message.objects.filter(conversation=other, party="seller").order_by("id").first()
    assert other.first_answer_at == first_answer.created_at  # later answers do not move it
    talk = services.conversation_start(
        buyer=shop.alice, body="Frage", number=shop.order.number, vendor_order_id=shop.part.id
    ).conversation
    talk.refresh_from_db()
    assert talk.first_answer_at is None
    assert vendor_response_time(shop.alpha.id, timezone.now() - timedelta(days=1))[1] == 1  # only the answered one
    # Known waits: 1 h and 2 h 30 min 0.9 s (whole seconds each) -> 3600 + 9000 = 12600 s over 2 conversations.
    start_at = timezone.now() - timedelta(days=2)
    Conversation.objects.filter(id=other.id).update(
        first_buyer_message_at=start_at, first_answer_at=start_at + timedelta(hours=1)
    )
    Conversation.objects.filter(id=talk.id).update(
        first_buyer_message_at=start_at, first_answer_at=start_at + timedelta(hours=2, minutes=30, seconds=0.9)
    )
    since = timezone.now() - timedelta(days=30)
    assert vendor_response_time(shop.alpha.id, since) == (12600, 2)
    measure = measure_read(name="response_time", vendor_id=shop.alpha.id, since=since)
    assert (measure.numerator, measure.denominator) == (12600, 2)
    assert vendor_response_time(shop.alpha.id, timezone.now()) is None  # nothing asked since
    assert vendor_response_time(shop.beta.id, since) is None
