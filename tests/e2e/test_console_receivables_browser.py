"""Issue 19, task b, in a real Chromium, German, 1366 px: an operator imports a CAMT.053 statement
with three transfers; two match open invoices by reference (those orders become paid and their
parts payable), the third is matched by hand; an overdue invoice gets its first reminder mail."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from marketplace.models import Order, VendorOrder
from payouts.models import DunningNotice
from payouts.selectors.balances import vendor_available_balances
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CategoryFactory, UserFactory, make_offer, make_operator, make_vendor, totp_code
from tests.payouts.camt import Transfer, camt053
from tests.payouts.conftest import place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_imports_a_camt053_statement_matches_the_rest_by_hand_and_a_reminder_goes_out(
    live_server, new_context, tmp_path, mailoutbox, settings
):
    settings.MARKETPLACE_DUNNING_REMINDER_DAYS = 3
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    alpha, alpha_owner = make_vendor(name="Röstwerk")
    beta, beta_owner = make_vendor(name="Mühlenhof")
    beans = make_offer(
        vendor=alpha, owner=alpha_owner, category=category, title="Espressobohnen 1 kg", price=1890, stock=50
    )
    mill = make_offer(vendor=beta, owner=beta_owner, category=category, title="Handmühle", price=4990, stock=50)
    buyer = UserFactory()
    first = place(buyer, [(beans, 1)])  # 18.90, Röstwerk
    second = place(buyer, [(mill, 1)])  # 49.90, Mühlenhof
    third = place(buyer, [(beans, 2)])  # 37.80, Röstwerk: paid without a reference
    late = place(buyer, [(mill, 2)])  # 99.80, unpaid and overdue
    for order in (first, second, third):
        # Delivered long ago: only the buyer's payment still holds the sellers' money back.
        VendorOrder.objects.filter(order=order).update(
            status=VendorOrder.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=60)
        )
    Order.objects.filter(id=late.id).update(payment_due_date=date.today() - timedelta(days=4))
    assert vendor_available_balances(currency="EUR") == {}
    statement = tmp_path / "kontoauszug-camt053.xml"
    statement.write_bytes(
        camt053(
            [
                Transfer("BANK-0001", "18.90", f"Rechnung {first.number}", debtor="Erika Mustermann"),
                Transfer(
                    "BANK-0002", "49.90", f"re{second.number.replace('-', '').lower()} Danke", debtor="Erika Mustermann"
                ),
                Transfer("BANK-0003", "37.80", "Kaffee vom Montag", debtor="E. Mustermann"),
            ]
        )
    )
    operator = make_operator()
    device = TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)

    page = new_context("de", viewport={"width": 1366, "height": 900}).new_page()
    page.goto(live_server.url + "/console/receivables/")
    log_in(page, operator, language="de")
    page.locator("input[name=code]").fill(totp_code(device))
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Rechnungen und Forderungen")).to_be_visible()
    for order in (first, second, third, late):
        expect(page.get_by_text(order.number)).to_be_visible()

    page.get_by_role("link", name="Kontoauszüge und Zuordnung").click()
    page.get_by_label("Kontoauszug", exact=True).set_input_files(str(statement))
    page.get_by_role("button", name="Auszug importieren").click()
    expect(page.get_by_text("2 Überweisungen Rechnungen zugeordnet, 1 von Hand zuzuordnen")).to_be_visible()
    for order in (first, second):
        order.refresh_from_db()
        assert order.payment_status == "paid"
    # Their parts are payable now; the third order's part still waits for its money.
    assert set(vendor_available_balances(currency="EUR")) == {alpha.id, beta.id}
    available_before = vendor_available_balances(currency="EUR")[alpha.id]

    card = page.locator("li.receivables-item", has_text="Kaffee vom Montag")
    card.get_by_label("Bestellnummer").fill(third.number)
    card.get_by_role("button", name="Dieser Bestellung zuordnen").click()
    expect(page.get_by_text(f"Der Bestellung {third.number} zugeordnet, die nun bezahlt ist.")).to_be_visible()
    expect(page.get_by_text("Nichts von Hand zuzuordnen")).to_be_visible()
    third.refresh_from_db()
    assert third.payment_status == "paid"
    assert vendor_available_balances(currency="EUR")[alpha.id] > available_before
    screenshot(page, "console-receivables-bank", language="de")

    # The morning run (Celery beat; here its management command) sends the first reminder.
    call_command("dunning_run")
    reminders = [m for m in mailoutbox if "Zahlungserinnerung" in m.subject]  # besides the order confirmations
    assert len(reminders) == 1 and reminders[0].to == [late.email]
    assert reminders[0].subject == f"Zahlungserinnerung zu Ihrer Bestellung {late.number}"
    assert "Offener Betrag: 99,80" in reminders[0].body or "Offener Betrag: 99.80" in reminders[0].body
    assert DunningNotice.objects.filter(order=late, level=1).exists()
    page.get_by_role("link", name="Offene Rechnungen").click()
    page.get_by_label("Rechnungen").select_option("overdue")
    page.get_by_role("button", name="Anzeigen").click()
    row = page.locator("tr", has_text=late.number)
    expect(row.get_by_text("Überfällig")).to_be_visible()
    expect(row.get_by_text("Zahlungserinnerung")).to_be_visible()
    screenshot(page, "console-receivables-overdue", language="de")
