"""The operator console in a real Chromium: approve a vendor, reject a listing with a reason,
run a payout."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from marketplace.models import AuditLogEntry
from moderation.models import ListingCheck, ListingRule, ReviewItem
from payouts.models import Payout, Refund
from tests.conftest import client_for
from tests.e2e.conftest import log_in
from tests.factories import CategoryFactory, UserFactory, make_offer, make_operator, make_vendor, totp_code
from tests.payouts.conftest import deliver, place
from vendors.models import Offer, Product, Vendor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_approves_a_vendor_rejects_a_listing_and_runs_a_payout(live_server, page):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    applicant, _owner = make_vendor(name="Kaffeehaus Anna", approved=False)
    seller, seller_owner = make_vendor(name="Röstwerk")
    # A product the seller proposed: it waits in the moderation queue.
    proposed = make_offer(
        vendor=seller, owner=seller_owner, category=category, title="Wunderbohnen heilen alles", moderated=False
    ).product
    # A delivered, paid order past the hold: the seller is due a payout.
    beans = make_offer(
        vendor=seller, owner=seller_owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=5
    )
    deliver(place(UserFactory(), [(beans, 2)]))
    operator = make_operator()

    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)

    page.goto(live_server.url + "/console/")
    log_in(page, operator)
    # The console needs the second factor: the code from the operator's authenticator app.
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    # The application: open it, start the review, approve.
    page.get_by_role("link", name="Kaffeehaus Anna").click()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review of Kaffeehaus Anna started.")).to_be_visible()
    # Its VAT ID is Röstwerk's and it has no documents: approving needs the confirmation.
    page.get_by_label("I have checked the warnings above and approve anyway").check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Vendor Kaffeehaus Anna is approved.")).to_be_visible()
    assert Vendor.objects.get(id=applicant.id).status == "approved"

    page.get_by_role("link", name="Moderation queue").click()
    item = ReviewItem.objects.get(product=proposed)
    page.get_by_role("link", name=f"#{item.id}").click()
    reject = page.locator("form", has=page.get_by_role("button", name="Reject"))
    reject.get_by_role("button", name="Reject").click()  # no reason yet: refused
    expect(page.get_by_text("reason", exact=False).first).to_be_visible()
    assert Product.objects.get(id=proposed.id).status == "pending"
    reject.get_by_role("textbox").fill("Health claims are not allowed for food.")
    reject.get_by_role("button", name="Reject").click()
    proposed.refresh_from_db()
    item.refresh_from_db()
    assert proposed.status == "rejected" and item.status == "rejected"
    assert "Health claims" in item.reason

    page.get_by_role("link", name="Payout runs").click()
    page.get_by_role("button", name="Start a payout run now").click()
    expect(page.get_by_text("1 payouts")).to_be_visible()
    payout = Payout.objects.get(vendor=seller)
    assert payout.amount > 0


def _console_in_german(new_context, live_server, operator, url: str):
    """A 1366 px wide German browser, signed in to the console with the second factor, at ``url``."""
    page = new_context("de", viewport={"width": 1366, "height": 900}).new_page()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    page.goto(live_server.url + url)
    log_in(page, operator, language="de")
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Bestätigen").click()
    return page


def test_f_dashboard_shows_the_day_s_orders_and_a_queue_past_its_deadline(live_server, new_context):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    seller, owner = make_vendor(name="Röstwerk")
    beans = make_offer(vendor=seller, owner=owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=50)
    place(UserFactory(), [(beans, 2)])
    place(UserFactory(), [(beans, 1)])
    # An application that has waited longer than its service level (SLA_VENDOR_APPLICATION_HOURS).
    late, _owner = make_vendor(name="Kaffeehaus Anna", approved=False)
    Vendor.objects.filter(id=late.id).update(created_at=timezone.now() - timedelta(days=3))

    page = _console_in_german(new_context, live_server, make_operator(), "/console/")
    page.get_by_role("link", name="Übersicht").click()
    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    today = page.locator("section", has=page.get_by_role("heading", name="Heute", exact=False))
    expect(today.locator("dt", has_text="Bestellungen").locator("xpath=following-sibling::dd")).to_have_text("2")
    expect(today.locator("dt", has_text="Bruttowarenwert").locator("xpath=following-sibling::dd")).to_have_text(
        "56,70 €"
    )
    expect(page.get_by_text("1 Vorgang ist über der Frist.")).to_be_visible()
    applications = page.get_by_role("row", name="Händlerbewerbungen")
    expect(applications).to_contain_text("1 über der Frist")
    applications.get_by_role("link", name="Händlerbewerbungen").click()
    expect(page.get_by_role("link", name="Kaffeehaus Anna")).to_be_visible()


def test_a_operator_finds_an_order_by_email_refunds_a_line_in_part_and_sees_the_ledger(live_server, new_context):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    seller, owner = make_vendor(name="Röstwerk")
    beans = make_offer(vendor=seller, owner=owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=50)
    mug = make_offer(vendor=seller, owner=owner, category=category, title="Tasse", price=990, stock=50)
    buyer = UserFactory(email="erika.muster@example.org")
    order = place(buyer, [(beans, 2), (mug, 1)])
    deliver(order)  # paid by bank transfer and delivered

    page = _console_in_german(new_context, live_server, make_operator(), "/console/dashboard/")
    page.get_by_label("Bestellungen, Kundschaft, Händler, Produkte und Angebote suchen").fill(
        "Erika.Muster@example.org"
    )
    page.get_by_role("button", name="Suchen", exact=True).click()
    page.get_by_role("link", name=order.number).first.click()
    expect(page.get_by_role("heading", name=f"Bestellung {order.number}")).to_be_visible()
    ledger = page.locator("section", has=page.get_by_role("heading", name="Buchungen"))
    entries_before = ledger.locator("tbody tr").count()

    line = order.vendor_orders.get().lines.get(product_title="Espressobohnen 1 kg")
    page.get_by_label("Bestellposition").select_option(str(line.id))
    page.get_by_label("Zu erstattender Betrag").fill("5,00")
    page.get_by_label("Grund").fill("Eine Packung beschädigt")
    page.get_by_role("button", name="Erstatten").click()
    expect(page.get_by_text("5,00 € für „Espressobohnen 1 kg“ erstattet.")).to_be_visible()
    refund = Refund.objects.get(order=order)
    assert (refund.amount, refund.reason) == (500, "Eine Packung beschädigt")
    # The refund's ledger entry is on the order page now: the seller's payable and the platform's cash.
    expect(ledger.locator("tbody tr")).to_have_count(entries_before + 1)
    new_entry = ledger.locator("tbody tr").last
    expect(new_entry).to_contain_text("refund")
    expect(new_entry).to_contain_text(f"vendor_payable:{seller.id}")
    expect(new_entry).to_contain_text("platform_cash: -5,00 €")
    refunds = page.locator("section", has=page.get_by_role("heading", name="Erstattungen", exact=True))
    expect(refunds).to_contain_text("Eine Packung beschädigt")


def test_c_application_with_risk_signals_needs_confirmation(live_server, new_context):
    existing, _owner = make_vendor(name="Röstwerk")  # approved, with the same VAT ID as the application
    applicant, _owner = make_vendor(name="Kaffeehaus Anna", approved=False)  # no documents uploaded
    assert applicant.vat_id == existing.vat_id and not applicant.documents.exists()
    operator = make_operator()

    page = _console_in_german(new_context, live_server, operator, f"/console/vendors/{applicant.id}/")
    page.get_by_role("button", name="Prüfung beginnen").click()
    warnings = page.locator("section", has=page.get_by_role("heading", name="Warnungen"))
    vat = warnings.get_by_role("listitem").filter(has_text="Gleiche USt-IdNr. wie ein anderer Händler")
    expect(vat.get_by_role("link", name="Röstwerk")).to_be_visible()
    expect(warnings.get_by_text("Keine Dokumente hochgeladen")).to_be_visible()

    # Approving without the confirmation is refused and changes nothing.
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.get_by_text("Bestätigen Sie, dass Sie sie geprüft haben", exact=False).first).to_be_visible()
    assert Vendor.objects.get(id=applicant.id).status == "under_review"
    assert not AuditLogEntry.objects.filter(action="vendor.risks_confirmed").exists()

    page.get_by_label("Ich habe die Warnungen oben geprüft und gebe trotzdem frei").check()
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.get_by_text("Händler Kaffeehaus Anna ist freigegeben.")).to_be_visible()
    assert Vendor.objects.get(id=applicant.id).status == "approved"
    entry = AuditLogEntry.objects.get(action="vendor.risks_confirmed", object_id=str(applicant.id))
    assert entry.actor_id == operator.id
    assert {"duplicate_vat_id", "missing_documents"} <= set(entry.data["signals"])
    assert existing.id in entry.data["others"]


def test_e_operator_publishes_impressum(live_server, new_context):
    operator = make_operator()
    page = _console_in_german(new_context, live_server, operator, "/console/dashboard/")
    page.get_by_role("link", name="Rechtstexte").click()
    page.get_by_role("main").get_by_role("link", name="Impressum").click()
    expect(page.get_by_role("heading", name="Impressum", level=1)).to_be_visible()
    page.get_by_label("Text (Deutsch)").fill(
        "Angaben gemäß § 5 DDG\nMarktplatz Betreiber GmbH\nFriedrichstraße 1, 10117 Berlin"
    )
    page.get_by_label("Text (Englisch)").fill("Information pursuant to § 5 DDG\nMarktplatz Betreiber GmbH")
    page.get_by_label("Was sich geändert hat").fill("Erste Fassung")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Version 1 ist veröffentlicht.")).to_be_visible()
    entry = AuditLogEntry.objects.get(action="legal_text.published")
    assert entry.actor_id == operator.id and entry.data == {"kind": "imprint", "version": 1}

    # The shop's footer links to the Impressum, which shows the new version.
    shop = new_context("de", viewport={"width": 1366, "height": 900}).new_page()
    shop.goto(live_server.url + "/")
    shop.get_by_role("contentinfo").get_by_role("link", name="Impressum").click()
    expect(shop.get_by_role("heading", name="Impressum", level=1)).to_be_visible()
    expect(shop.get_by_role("heading", name="Angaben gemäß § 5 DDG")).to_be_visible()
    expect(shop.get_by_text("Friedrichstraße 1, 10117 Berlin")).to_be_visible()
    expect(shop.get_by_text("Version 1, gültig seit", exact=False)).to_be_visible()


def test_d_operator_adds_attribute_and_quality_rule(live_server, new_context):
    category = CategoryFactory(slug="kopfhoerer", name_de="Kopfhörer", name_en="Headphones")
    seller, owner = make_vendor(name="Klangwerk")
    short = make_offer(vendor=seller, owner=owner, category=category, title="Hörer X", price=4990)
    make_offer(vendor=seller, owner=owner, category=category, title="Kabellose Kopfhörer mit ANC", price=9990)
    status_before = Offer.objects.get(id=short.id).status

    page = _console_in_german(new_context, live_server, make_operator(), "/console/dashboard/")
    page.get_by_role("link", name="Konfiguration").click()
    page.get_by_role("main").get_by_role("link", name="Kopfhörer").click()
    expect(page.get_by_text("Noch keine Attribute")).to_be_visible()
    page.get_by_label("Code").fill("akkulaufzeit")
    page.get_by_label("Name (Deutsch)").fill("Akkulaufzeit")
    page.get_by_label("Name (Englisch)").fill("Battery life")
    page.get_by_label("Art").select_option("number")
    page.get_by_label("Einheit").fill("h")
    page.get_by_label("Pflichtangabe").check()
    page.get_by_role("button", name="Attribut hinzufügen").click()
    expect(page.get_by_text("Attribut „Akkulaufzeit“ hinzugefügt.")).to_be_visible()
    schema = page.locator("section", has=page.get_by_role("heading", name="Attributschema"))
    expect(schema.get_by_role("row", name="Akkulaufzeit")).to_contain_text("Zahl (h)")

    page.get_by_role("link", name="Konfiguration").click()
    page.get_by_role("link", name="Qualitätsregeln").click()
    page.get_by_label("Regel", exact=True).select_option("title_length")
    page.get_by_label("Kategorie").select_option(label="kopfhoerer")
    page.get_by_label("Wirkung").select_option("block")
    page.get_by_label("Mindestwert").fill("10")
    page.get_by_role("button", name="Regel hinzufügen").click()
    rule = ListingRule.objects.get()
    expect(page.get_by_text(f"Regel #{rule.id} angelegt.", exact=False)).to_be_visible()
    page.get_by_role("link", name=f"Probelauf von Regel #{rule.id}").click()
    expect(page.get_by_role("heading", name="1 Angebot würde gesperrt")).to_be_visible()
    expect(page.get_by_role("row", name="Hörer X")).to_be_visible()
    expect(page.get_by_text("Kabellose Kopfhörer mit ANC")).to_have_count(0)
    # A dry run: nothing changed.
    assert Offer.objects.get(id=short.id).status == status_before
    assert not ListingCheck.objects.exists()

    # The seller's listing editor (the listing API) now asks for the new attribute of the category.
    api = client_for(owner)
    body = {
        "category": category.id,
        "title": "Studiokopfhörer Pro 7",
        "price": {"amount": 12900, "currency": "EUR"},
        "stock": 3,
        "sku": "SKP-7",
    }
    refused = api.post("/api/seller/listings/", body, format="json")
    assert refused.status_code == 400 and "attributes.akkulaufzeit" in str(refused.json())
    listed = api.post("/api/seller/listings/", {**body, "attributes": {"akkulaufzeit": "30"}}, format="json")
    assert listed.status_code == 201, listed.json()
    assert Offer.objects.get(sku="SKP-7").product.attributes == {"akkulaufzeit": 30}
