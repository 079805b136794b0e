"""The pages in German and English: the buyer's conversation and claim form, the seller portal's
messages with a claim to answer, the console's claims and a decision through its form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buyers.messaging import claims, services
from buyers.messaging.models import Claim, Message, ReadMark
from payouts.models import Refund
from tests.conftest import row_counts
from tests.factories import login_operator

pytestmark = pytest.mark.django_db

BUYER_TEXTS = {
    "de": [
        "Gespräch mit Alpha",
        "Senden",
        "Garantieantrag stellen",
        "Alpha kontaktieren",
        "Nur PDF-, PNG- oder JPEG-Dateien",
    ],
    "en": ["Conversation with Alpha", "Send", "Open a guarantee claim", "Contact Alpha", "Only PDF, PNG or JPEG files"],
}
SELLER_TEXTS = {
    "de": [
        "Nachrichten",
        "Offene Garantieanträge",
        "Auf den Antrag mit Nachweisen antworten",
        "Nachrichten des Käufers zu dieser Bestellung",
    ],
    "en": [
        "Messages",
        "Open guarantee claims",
        "Answer the claim with evidence",
        "Messages from the buyer about this order",
    ],
}
CONSOLE_TEXTS = {
    "de": ["Garantieanträge", "Über den Antrag entscheiden", "Wartet auf den Verkäufer"],
    "en": ["Guarantee claims", "Decide the claim", "Waiting for the seller"],
}


def client(user, language: str) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(user)
    return browser


def test_buyer_pages_in_german_and_english(shop):
    message = services.conversation_start(
        buyer=shop.alice, body="Wo ist die Rechnung?", number=shop.order.number, vendor_order_id=shop.part.id
    )
    services.message_send(
        conversation=message.conversation, author=shop.members["owner"], party="seller", body="Kommt per Mail."
    )
    for language, texts in BUYER_TEXTS.items():
        browser = client(shop.alice, language)
        page = browser.get(f"/messages/{message.conversation_id}/")
        html = page.content.decode()
        assert page.status_code == 200 and "Kommt per Mail." in html
        assert texts[0] in html and texts[1] in html and texts[2] in html, language
        assert texts[3] in browser.get(f"/orders/{shop.order.number}/").content.decode()
        before = row_counts()
        bad = browser.post(
            f"/messages/{message.conversation_id}/",
            {"body": "Foto", "attachment": SimpleUploadedFile("a.pdf", b"GIF89a")},
        )
        assert bad.status_code == 400 and texts[4] in bad.content.decode()
        assert row_counts() == before
        claim_page = browser.get(f"/orders/{shop.order.number}/parts/{shop.part.id}/claim/")
        assert claim_page.status_code == 200 and texts[2] in claim_page.content.decode()
    assert (
        ReadMark.objects.get(conversation=message.conversation, party="buyer").last_read_message_id
        == Message.objects.last().id
    )
    opened = client(shop.alice, "de").post(
        f"/orders/{shop.order.number}/parts/{shop.part.id}/claim/",
        {"reason": "not_as_described", "amount": "12.50", "body": "Kratzer"},
    )
    assert opened.status_code == 302
    assert Claim.objects.get().amount == 1250


def test_seller_pages_in_german_and_english(shop):
    claim = claims.claim_open(
        buyer=shop.alice,
        number=shop.order.number,
        vendor_order_id=shop.part.id,
        reason="not_as_described",
        body="Falsche Farbe",
    )
    for language, texts in SELLER_TEXTS.items():
        browser = client(shop.members["fulfilment"], language)
        listing = browser.get("/seller/messages/")
        assert (
            listing.status_code == 200 and texts[0] in listing.content.decode() and texts[1] in listing.content.decode()
        )
        page = browser.get(f"/seller/messages/{claim.conversation_id}/")
        assert (
            page.status_code == 200 and texts[2] in page.content.decode() and "Falsche Farbe" in page.content.decode()
        )
        order_page = browser.get(f"/seller/orders/{shop.part.id}/")
        assert order_page.status_code == 200 and texts[3] in order_page.content.decode()
    assert client(shop.members["finance"], "en").get(f"/seller/messages/{claim.conversation_id}/").status_code == 403
    assert client(shop.beta_owner, "en").get(f"/seller/messages/{claim.conversation_id}/").status_code == 404
    answered = client(shop.members["fulfilment"], "de").post(
        f"/seller/claims/{claim.id}/respond/", {"vendor": shop.alpha.id, "body": "Farbe laut Foto korrekt"}
    )
    assert answered.status_code == 302
    assert Claim.objects.get().status == "contested"


def test_console_pages_in_german_and_english_and_a_decision(shop):
    claim = claims.claim_open(
        buyer=shop.alice,
        number=shop.order.number,
        vendor_order_id=shop.part.id,
        reason="not_as_described",
        body="Kaputt",
    )
    for language, texts in CONSOLE_TEXTS.items():
        browser = login_operator(Client(HTTP_ACCEPT_LANGUAGE=language), shop.operator)
        listing = browser.get("/console/claims/")
        assert (
            listing.status_code == 200
            and texts[0] in listing.content.decode()
            and f"C-{claim.id}" in listing.content.decode()
        )
        page = browser.get(f"/console/conversations/{claim.conversation_id}/")
        assert page.status_code == 200 and texts[1] in page.content.decode() and texts[2] in page.content.decode()
    assert client(shop.alice, "en").get(f"/console/conversations/{claim.conversation_id}/").status_code == 404
    before = row_counts()
    refused = browser.post(f"/console/claims/{claim.id}/decide/", {"decision": "refund_partial", "reason": "Teil"})
    assert refused.status_code == 400 and row_counts() == before
    decided = browser.post(
        f"/console/claims/{claim.id}/decide/", {"decision": "refund_partial", "amount": "10.01", "reason": "Teil"}
    )
    assert decided.status_code == 302
    assert Refund.objects.get().amount == 1001 and Claim.objects.get().resolution == "refund_partial"
