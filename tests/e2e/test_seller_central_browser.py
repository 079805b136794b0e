"""Issue 18, tasks c, d, e, f and g, in a real Chromium, in German, at 1366 and at 390 px: a seller
sets up shipping and sees it on the storefront, wins the buy box with the simulator, sees a late
shipment on the account-health page and new notifications with unread counts; staff roles see
only their pages. Every step goes through the pages; only the buyers' side is done by services."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from buyers.messaging.services import conversation_start
from buyers.services import cart_item_add, checkout_place
from marketplace.models import Order
from moderation.holidays import add_business_days
from tests.e2e.conftest import log_in
from tests.factories import VALID_IBAN, CategoryFactory, UserFactory, make_offer, make_vendor
from vendors import services as vendor_services
from vendors.models import Offer, ShippingProfile
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ADDRESS = {
    "name": "Erika Mustermann",
    "street": "Hauptstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "DE",
}
GTIN = "4006381333931"


def _fits(page) -> None:
    """Nothing wider than the viewport (the page does not scroll sideways)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _open(new_context, viewport, live_server, path, user):
    page = new_context("de", VIEWPORTS[viewport]).new_page()
    page.goto(live_server.url + path)
    log_in(page, user, language="de")
    return page


def _ships_de(vendor, owner, amount=490):
    return shipping_profile_create(
        vendor=vendor,
        actor=owner,
        name="Paket",
        currency="EUR",
        zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=amount)])],
    )


def _order(buyer, offer, key):
    cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    return checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_c_seller_sets_up_shipping_profile(live_server, new_context, viewport):
    vendor, owner = make_vendor(name="Röstwerk")
    offer = make_offer(
        vendor=vendor, owner=owner, category=CategoryFactory(), title="Espressobohnen 1 kg", price=1890, handling_days=2
    )
    page = _open(new_context, viewport, live_server, "/seller/", owner)
    # The seller menu's link, not the footer's "Versand und Lieferung".
    page.locator(".portal-nav").get_by_role("link", name="Versand", exact=True).click()
    expect(page.get_by_role("heading", name="Noch kein Versandprofil")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Neues Versandprofil").first.click()
    page.get_by_label("Name des Profils").fill("Standard")
    zones = {
        0: ("Deutschland", "DE", "4,90", "1"),
        1: ("Österreich", "AT", "7,90", "3"),
    }
    for index, (name, countries, amount, transit) in zones.items():
        zone = page.locator(f"[data-zone='{index + 1}']")
        zone.locator(f"[name=zone-{index}-name]").fill(name)
        zone.locator(f"[name=zone-{index}-countries]").fill(countries)
        zone.locator(f"[name=zone-{index}-rate_kind]").select_option("flat")
        zone.locator(f"[name=zone-{index}-amount]").fill(amount)
        zone.locator(f"[name=zone-{index}-transit_days]").fill(transit)
    pickup = page.locator("[data-pickup='1']")
    pickup.locator("[name=pickup-0-name]").fill("Laden Mitte")
    pickup.locator("[name=pickup-0-street]").fill("Torstraße 5")
    pickup.locator("[name=pickup-0-postal_code]").fill("10119")
    pickup.locator("[name=pickup-0-city]").fill("Berlin")
    pickup.locator("[name=pickup-0-weekdays]").fill("9:00-18:00")
    # A country code that does not exist first: the error sits at the zone, nothing is saved.
    page.locator("[name=zone-1-countries]").fill("XX")
    page.get_by_role("button", name="Versandprofil speichern").click()
    expect(page.locator("#id_zone-1-countries-error")).to_contain_text("XX")
    assert not ShippingProfile.objects.filter(vendor=vendor).exists()
    _fits(page)
    page.locator("[name=zone-1-countries]").fill("AT")
    page.get_by_role("button", name="Versandprofil speichern").click()
    expect(page.get_by_text("Versandprofil Standard gespeichert.")).to_be_visible()
    card = page.locator(".shipping-profile")
    expect(card).to_contain_text("Österreich")
    expect(card).to_contain_text("Laden Mitte")
    _fits(page)

    # The storefront: the shipping cost to Germany and the delivery date from the zone's transit time.
    page.goto(f"{live_server.url}/p/{offer.product_id}/")
    row = page.locator(".offer-row").first
    expect(row).to_contain_text("4,90")
    today = timezone.localdate()
    due = add_business_days(add_business_days(today, 2), 1)
    with translation.override("de"):
        expect(row).to_contain_text(date_format(due, "DATE_FORMAT"))
    _fits(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_d_seller_wins_buy_box_with_simulator(live_server, new_context, viewport):
    category = CategoryFactory()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    _ships_de(alpha, alpha_owner)
    _ships_de(beta, beta_owner)
    mine = make_offer(vendor=alpha, owner=alpha_owner, category=category, gtin=GTIN, price=2199, handling_days=2)
    make_offer(vendor=beta, owner=beta_owner, category=category, gtin=GTIN, price=1999, handling_days=2)

    page = _open(new_context, viewport, live_server, "/seller/", alpha_owner)
    page.locator(".portal-nav").get_by_role("link", name="Buy-Box", exact=True).click()
    row = page.locator(f"[data-offer='{mine.id}']")
    expect(row).to_have_attribute("data-buybox", "lost")
    expect(row).to_contain_text("Verloren")
    expect(row).to_contain_text("2.00 EUR")  # the landed price above the winner, in concrete terms
    _fits(page)
    row.get_by_role("link", name="Preis ausprobieren").click()
    # 20,50 still loses; 19,99 ties on score and stock and the older offer (ours) wins.
    page.locator("#id_price").fill("20,50")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.locator(".buybox-result")).to_have_attribute("data-wins", "false")
    expect(page.locator(".buybox-result")).to_contain_text("19,99")  # the highest price that wins
    _fits(page)
    page.locator("#id_price").fill("19,99")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.locator(".buybox-result")).to_have_attribute("data-wins", "true")
    mine.refresh_from_db()
    assert mine.price_amount == 2199  # the simulator changes nothing
    page.get_by_role("button", name="Diesen Preis und diese Bearbeitungszeit übernehmen").click()
    expect(page.get_by_role("status").filter(has_text="19,99")).to_be_visible()
    expect(page.locator("[data-buybox-now]")).to_have_attribute("data-buybox-now", "won")
    mine.refresh_from_db()
    assert mine.price_amount == 1999
    _fits(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_e_account_health_shows_late_shipment(live_server, new_context, viewport):
    vendor, owner = make_vendor(name="Röstwerk")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Mühle", price=4900)
    order = _order(UserFactory(), offer, "late")
    page = _open(new_context, viewport, live_server, "/seller/health/", owner)
    expect(page.get_by_text("Keine offene Bestellung hat ihr Versanddatum überschritten.")).to_be_visible()
    # The order was placed ten days ago: its ship-by date (two business days later) has passed.
    Order.objects.filter(id=order.id).update(created_at=timezone.now() - timedelta(days=10))
    page.reload()
    late = page.locator(".late-orders")
    expect(late).to_contain_text(order.number)
    expect(page.locator("[data-metric=late_shipment_rate]")).to_contain_text("100,00")
    expect(page.locator("[data-advice=late_shipment_rate]")).to_be_visible()
    _fits(page)
    late.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", name=f"Bestellung {order.number}")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_g_notifications_inbox_unread_counts(live_server, new_context, viewport):
    vendor, owner = make_vendor(name="Röstwerk")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Mühle", price=4900)
    buyer = UserFactory()
    order = _order(buyer, offer, "news")
    part = order.vendor_orders.get()
    conversation_start(buyer=buyer, body="Ist die Mühle laut?", number=order.number, vendor_order_id=part.id)

    page = _open(new_context, viewport, live_server, "/seller/", owner)
    nav = page.locator(".portal-nav")
    expect(nav.get_by_role("link", name="Benachrichtigungen")).to_contain_text("2")
    expect(nav.get_by_role("link", name="Bestellungen")).to_contain_text("1")
    expect(nav.get_by_role("link", name="Nachrichten")).to_contain_text("1")
    _fits(page)
    nav.get_by_role("link", name="Benachrichtigungen").click()
    expect(page.locator("[data-kind=new_order]")).to_contain_text(f"Neue Bestellung {order.number}")
    expect(page.locator("[data-kind=message]")).to_contain_text("Neue Nachricht")
    expect(page.locator("[data-read=false]")).to_have_count(2)
    _fits(page)
    page.locator("[data-kind=message]").get_by_role("button", name="Als gelesen markieren").click()
    expect(page.locator("[data-read=false]")).to_have_count(1)
    expect(page.locator(".portal-nav").get_by_role("link", name="Nachrichten")).not_to_contain_text("1")
    page.get_by_role("button", name="Alle als gelesen markieren").click()
    expect(page.locator("[data-read=false]")).to_have_count(0)
    expect(page.locator(".portal-nav [data-unread]")).to_have_count(0)
    # E-mail for new orders switched off, kept off.
    page.get_by_label("Neue Bestellungen").uncheck()
    page.get_by_role("button", name="E-Mail-Einstellungen speichern").click()
    expect(page.get_by_text("Ihre E-Mail-Einstellungen sind gespeichert.")).to_be_visible()
    expect(page.get_by_label("Neue Bestellungen")).not_to_be_checked()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_f_staff_roles_see_only_their_pages(live_server, new_context, viewport):
    vendor, owner = make_vendor(name="Röstwerk")
    vendor.iban = VALID_IBAN.replace(" ", "")
    vendor.save(update_fields=["iban"])
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Mühle", price=4900)
    part = _order(UserFactory(), offer, "staff").vendor_orders.get()
    fulfilment, finance = UserFactory(), UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=fulfilment, role="fulfilment")
    vendor_services.vendor_member_add(vendor=vendor, user=finance, role="finance")

    page = _open(new_context, viewport, live_server, "/seller/", fulfilment)
    nav = page.locator(".portal-nav")
    for label in ("Bestellungen", "Rücksendungen", "Nachrichten"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    for label in ("Auszahlungen", "Buy-Box", "Versand", "Neues Angebot", "Mitarbeiter"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    nav.get_by_role("link", name="Bestellungen").click()
    page.locator(f"a[href*='/seller/orders/{part.id}/']").first.click()
    expect(page.get_by_text("Vom Käufer bezahlt")).to_be_visible()
    expect(page.get_by_text("An Sie ausgezahlt")).to_have_count(0)
    for path in ("/seller/payouts/", f"/seller/orders/{part.id}/money/", "/seller/trader/"):
        page.goto(live_server.url + path)
        assert vendor.iban not in page.content() and VALID_IBAN not in page.content()
    page.goto(f"{live_server.url}/seller/orders/{part.id}/money/")
    expect(page.get_by_text("Erlaubt für: Inhaber und Finanzen.")).to_be_visible()
    _fits(page)

    page = _open(new_context, viewport, live_server, "/seller/", finance)
    nav = page.locator(".portal-nav")
    expect(nav.get_by_role("link", name="Auszahlungen")).to_be_visible()
    for label in ("Bestellungen", "Rücksendungen", "Nachrichten", "Buy-Box", "Versand", "Import"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    page.goto(f"{live_server.url}/seller/orders/{part.id}/money/")
    expect(page.locator("[data-money=buyer_paid]")).to_contain_text("49,00")
    page.goto(f"{live_server.url}/seller/orders/")
    expect(page.get_by_text("Erlaubt für: Inhaber, Manager und Versand.")).to_be_visible()
    _fits(page)
    assert Offer.objects.filter(vendor=vendor).count() == 1
