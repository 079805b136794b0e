"""Issue 18, task a, in a real Chromium, in German, at 1366 and at 390 px: a new seller registers an
account from the seller portal, applies, uploads an identity document, answers the operator's
question (the operator asks and approves in the console), completes the trader data, sets up the
Stripe Connect payout account (stripe-mock creates the account and the Account Link; Stripe's hosted
pages are stood in for by answering the link's URL: Stripe sends its signed account.updated webhook
and the seller back to the return URL), then proposes a product with its category's attributes, two
images and a variant; the operator approves the product in the console's moderation queue and the
offer is live: found by the storefront's search. No test helper does any of these steps."""

import hashlib
import hmac
import io
import json
import time
import urllib.request
import uuid

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

from marketplace.models import AttributeDefinition
from search.indexing import index_refresh
from tests.e2e.conftest import log_in
from tests.factories import (
    IDENTITY_PDF,
    PASSWORD,
    VALID_IBAN,
    VALID_VAT_ID,
    CategoryFactory,
    make_operator,
    totp_code,
)
from vendors.models import Offer, Vendor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page) -> None:
    """Nothing wider than the viewport (the page does not scroll sideways)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _stripe_delivers_account_updated(server_url: str, account_id: str) -> None:
    """What Stripe does when the onboarding is complete: a signed account.updated to our webhook."""
    payload = json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": "account.updated",
            "created": int(time.time()),
            "data": {
                "object": {"id": account_id, "object": "account", "charges_enabled": True, "payouts_enabled": True}
            },
        }
    ).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        settings.STRIPE_WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    request = urllib.request.Request(
        server_url + "/api/payouts/stripe/webhook/",
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={signature}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


def _png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 400), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_new_seller_registration_to_live_offer(live_server, new_context, viewport, settings, tmp_path, search_index):
    settings.MEDIA_ROOT = tmp_path
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    AttributeDefinition.objects.create(
        category=category,
        code="roestung",
        name_de="Röstung",
        name_en="Roast",
        kind="enum",
        allowed_values=["hell", "mittel", "dunkel"],
    )
    AttributeDefinition.objects.create(
        category=category, code="gewicht", name_de="Gewicht", name_en="Weight", kind="number", unit="g", required=True
    )
    operator = make_operator()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    page = new_context("de", VIEWPORTS[viewport]).new_page()
    console = new_context("de", VIEWPORTS[viewport]).new_page()

    # 0. The account: the portal sends a visitor to the login, which offers to create one and
    # brings the new account back to the portal.
    page.goto(live_server.url + "/seller/")
    page.get_by_role("link", name="Konto anlegen").click()
    page.get_by_label("E-Mail-Adresse").fill("anna@kaffeehaus.test")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("heading", name="Auf unserem Marktplatz verkaufen")).to_be_visible()
    _fits(page)

    # 1. The application.
    page.get_by_role("link", name="Als Verkäufer bewerben").click()
    for name, value in {
        "name": "Kaffeehaus Anna",
        "legal_name": "Kaffeehaus Anna GmbH",
        "vat_id": VALID_VAT_ID,
        "street": "Hauptstraße 1",
        "postal_code": "10115",
        "city": "Berlin",
        "email": "anna@kaffeehaus.test",
        "contact_name": "Anna Bohne",
        "iban": VALID_IBAN,
        "return_policy": "30 Tage Rückgabe.",
    }.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("[name=legal_form]").select_option("gmbh")
    page.locator("[name=country]").select_option("DE")
    page.get_by_label("Kaffee").check()
    page.get_by_role("button", name="Bewerbung absenden").click()
    vendor = Vendor.objects.get(name="Kaffeehaus Anna")
    # The dashboard says what is missing before selling: all three conditions.
    checklist = page.locator(".dashboard-checklist")
    expect(checklist.get_by_role("heading", name="Was fehlt, bevor Sie verkaufen können")).to_be_visible()
    expect(checklist.locator("[data-done=false]")).to_have_count(3)
    _fits(page)

    # 2. The identity document, from the checklist's link; a file that is no PDF is refused first.
    checklist.get_by_role("link", name="Dokumente hochladen").click()
    expect(page.get_by_role("heading", name="Noch keine Dokumente")).to_be_visible()
    page.get_by_label("Art des Dokuments").select_option("identity")
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "ausweis.pdf", "mimeType": "application/pdf", "buffer": b"kein PDF"}]
    )
    page.get_by_role("button", name="Hochladen", exact=True).click()
    expect(page.locator(".field-invalid, [aria-invalid=true]").first).to_be_visible()
    assert not vendor.documents.exists()
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "ausweis.pdf", "mimeType": "application/pdf", "buffer": IDENTITY_PDF}]
    )
    page.get_by_role("button", name="Hochladen", exact=True).click()
    expect(page.get_by_text("Ausweisdokument hochgeladen.")).to_be_visible()
    expect(page.get_by_text("ausweis.pdf", exact=True)).to_be_visible()
    _fits(page)

    # 3. The operator starts the review and asks a question in the console.
    console.goto(live_server.url + "/console/")
    log_in(console, operator, language="de")
    console.get_by_label("Code").fill(totp_code(device))
    console.get_by_role("button", name="Bestätigen").click()
    console.goto(f"{live_server.url}/console/vendors/{vendor.id}/")
    console.get_by_role("button", name="Prüfung beginnen").click()
    console.get_by_label("Frage an den Verkäufer").fill("Bitte nennen Sie Ihre Handelsregisternummer.")
    console.get_by_role("button", name="Informationen anfordern").click()
    assert Vendor.objects.get(id=vendor.id).status == "info_requested"

    # 4. The seller reads the question on the dashboard and answers it.
    page.get_by_role("link", name="Angebote").first.click()
    checklist = page.locator(".dashboard-checklist")
    expect(checklist.get_by_text("Bitte nennen Sie Ihre Handelsregisternummer.")).to_be_visible()
    checklist.get_by_role("link", name="Frage beantworten").click()
    page.get_by_label("Ihre Antwort").fill("HRB 123456 B, Amtsgericht Berlin-Charlottenburg.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Danke, Ihre Antwort ist bei unserem Team")).to_be_visible()
    assert Vendor.objects.get(id=vendor.id).status == "under_review"
    _fits(page)

    # 5. The operator approves in the console. The application still has open warnings (the GmbH's
    # register extract is missing, the trader data is incomplete): approving needs their confirmation.
    console.reload()
    warnings = console.locator("section", has=console.get_by_role("heading", name="Warnungen"))
    expect(warnings.get_by_text("Dokumente fehlen")).to_be_visible()
    expect(warnings.get_by_text("Die Händlerprüfung ist nicht bestanden")).to_be_visible()
    console.get_by_label("Ich habe die Warnungen oben geprüft und gebe trotzdem frei").check()
    console.get_by_role("button", name="Freigeben", exact=True).click()
    expect(console.get_by_text("Händler Kaffeehaus Anna ist freigegeben.")).to_be_visible()
    assert Vendor.objects.get(id=vendor.id).status == "approved"

    # 6. The trader data, from the checklist: register entry, telephone, self-certification.
    page.get_by_role("link", name="Angebote").first.click()
    page.locator(".dashboard-checklist").get_by_role("link", name="Unternehmerangaben öffnen").click()
    page.locator("[name=register_court]").fill("Amtsgericht Berlin-Charlottenburg")
    page.locator("[name=register_number]").fill("HRB 123456 B")
    page.locator("[name=contact_phone]").fill("+49 30 1234567")
    page.get_by_role("button", name="Speichern und prüfen").click()
    page.get_by_role("button", name="Ich bestätige").click()
    expect(page.locator(".trader-ok")).to_be_visible()
    assert Vendor.objects.get(id=vendor.id).trader_ok
    _fits(page)

    # 7. Stripe Connect: the link asks stripe-mock for the account link and sends the seller
    # there; "Stripe" completes the onboarding, sends its webhook and the seller back.
    stripe_pages = []

    def stripe_hosted_onboarding(route):
        stripe_pages.append(route.request.url)
        account_id = Vendor.objects.get(id=vendor.id).stripe_account_id
        assert account_id.startswith("acct_")
        _stripe_delivers_account_updated(live_server.url, account_id)
        back = f"{live_server.url}/seller/verification/stripe/return/?vendor={vendor.id}"
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body=f'<!doctype html><html lang="de"><title>Stripe</title><a href="{back}">Zurück zum Marktplatz</a></html>',
        )

    page.route(lambda url: not url.startswith(live_server.url), stripe_hosted_onboarding)
    page.get_by_role("link", name="Verifizierung").first.click()
    # The approval opened the Express account (on stripe-mock); payouts wait for the seller's details.
    expect(page.locator(".stripe-state")).to_have_attribute("data-state", "pending")
    page.get_by_role("link", name="Einrichtung bei Stripe fortsetzen").click()
    page.get_by_role("link", name="Zurück zum Marktplatz").click()
    assert len(stripe_pages) == 1 and "/setup/" in stripe_pages[0]  # the Account Link stripe-mock made
    expect(page.get_by_text("Stripe hat Ihr Auszahlungskonto bestätigt")).to_be_visible()
    expect(page.locator(".stripe-state")).to_have_attribute("data-state", "enabled")
    expect(page.get_by_role("heading", name="Sie können verkaufen")).to_be_visible()
    _fits(page)

    # 8. Sellable: the dashboard's checklist is gone.
    page.get_by_role("link", name="Angebote").first.click()
    expect(page.locator(".dashboard-checklist")).to_have_count(0)
    assert Vendor.objects.get(id=vendor.id).can_sell
    page.unroute(lambda url: not url.startswith(live_server.url))

    # 9. A new product: the category first, then its attributes with the texts in both languages.
    page.get_by_role("link", name="Neues Angebot").first.click()
    page.get_by_label("Titel oder Marke").fill("Espresso Bohne Anna")
    page.get_by_role("button", name="Katalog durchsuchen").click()
    page.get_by_label("Kategorie des neuen Produkts").select_option(label="Kaffee")
    page.get_by_role("button", name="Weiter mit dieser Kategorie").click()
    page.get_by_label("Produkttitel").fill("Espresso Bohne Anna")
    page.get_by_label("Titel (Englisch)").fill("Espresso bean Anna")
    page.get_by_label("Röstung").select_option("dunkel")
    page.get_by_label("Preis").fill("14,90")
    page.get_by_label("Bestand").fill("12")
    page.get_by_role("button", name="Produkt und Angebot vorschlagen").click()
    # The weight is required by the category: the form says so and keeps what was typed.
    expect(page.locator("#id_new-attr_gewicht-error")).to_be_visible()
    expect(page.get_by_label("Produkttitel")).to_have_value("Espresso Bohne Anna")
    page.get_by_label("Gewicht (g)").fill("1000")
    page.get_by_role("button", name="Produkt und Angebot vorschlagen").click()
    expect(page.get_by_role("heading", name="Angebot bearbeiten: Espresso Bohne Anna")).to_be_visible()
    _fits(page)
    offer = Offer.objects.get(vendor=vendor)

    # 10. Two images through the content checks; the second becomes the main image.
    for colour in ((120, 70, 30), (60, 30, 10)):
        page.get_by_label("Bild", exact=True).set_input_files(
            files=[{"name": "bohne.png", "mimeType": "image/png", "buffer": _png(colour)}]
        )
        page.get_by_role("button", name="Bild hochladen").click()
        expect(page.get_by_text("Bild hinzugefügt.")).to_be_visible()
    expect(page.locator(".editor-images li")).to_have_count(2)
    page.get_by_role("button", name="Zum Hauptbild machen Bild 2").click()
    expect(page.get_by_text("Bilder angeordnet.")).to_be_visible()

    # 11. A variant, and this offer sells it.
    page.get_by_label("Name der 1. Option").fill("mahlgrad")
    page.get_by_label("Wert der 1. Option").fill("ganze Bohne")
    page.get_by_role("button", name="Variante hinzufügen").click()
    expect(page.get_by_text("Variante hinzugefügt.")).to_be_visible()
    page.locator("#offer").get_by_label("Variante").select_option(label="mahlgrad: ganze Bohne")
    page.locator("#offer").get_by_label("Bearbeitungszeit (Werktage)").fill("1")
    page.locator("#offer").get_by_role("button", name="Angebot speichern").click()
    expect(page.get_by_text("Angebot gespeichert.")).to_be_visible()
    _fits(page)
    assert Offer.objects.get(id=offer.id).status != "live"  # the new product waits for moderation

    # 12. The operator approves the new product in the console's moderation queue.
    console.goto(f"{live_server.url}/console/moderation/")
    console.get_by_role("row", name="Espresso Bohne Anna").get_by_role("link").first.click()
    approve = console.locator("form", has=console.get_by_role("button", name="Freigeben", exact=True))
    approve.get_by_role("button", name="Freigeben", exact=True).click()
    offer.refresh_from_db()
    assert offer.product.status == "active"

    # 13. Live: the editor says so, and the storefront's search finds it with this seller's price.
    page.reload()
    expect(page.locator("#status").get_by_text("Aktiv")).to_be_visible()
    offer.refresh_from_db()
    product = offer.product
    assert offer.status == "live" and offer.handling_days == 1 and offer.variant.options == {"mahlgrad": "ganze Bohne"}
    assert product.title_en == "Espresso bean Anna" and product.attributes == {"roestung": "dunkel", "gewicht": 1000}
    images = list(product.images.order_by("position"))
    assert len(images) == 2 and images[0].is_main
    index_refresh()
    shop = new_context("de", VIEWPORTS[viewport]).new_page()
    shop.goto(live_server.url + "/search/?q=Espresso+Bohne+Anna")
    shop.get_by_role("link", name="Espresso Bohne Anna").first.click()
    expect(shop.get_by_text("Kaffeehaus Anna").first).to_be_visible()
    expect(shop.get_by_text("14,90").first).to_be_visible()
    _fits(shop)
