"""The seller's notifications inbox (issue 18 item 11): a new order and a buyer's message arrive
with unread counts in the menu, each role sees the kinds that concern it, marking read stays
inside the vendor and is each staff member's own, and mail preferences per kind decide whether a mail is queued."""

import re

import pytest

from buyers.messaging.services import conversation_start
from buyers.services import cart_item_add, checkout_place
from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_deliver
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import ADDRESS, browser
from vendors import services as vendor_services
from vendors.models import SellerNotification, Vendor
from vendors.notifications import NOTIFICATION_MAIL, seller_mail_wanted

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = CategoryFactory()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    offer = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Wasserkocher", price=2999)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Tasse", price=599)
    return {"alpha": alpha, "owner": alpha_owner, "beta": beta, "offer": offer, "beta_offer": beta_offer}


def _order(buyer, *offers, key="n1"):
    for offer in offers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
    order = checkout_place(buyer=buyer, idempotency_key=key, payment_method="invoice", shipping_address=ADDRESS)
    outbox_deliver()  # the worker after commit: the sellers hear of the order (orders.reached_sellers)
    return order


def _member(vendor, role):
    user = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
    return user


def _badges(html: str) -> dict[str, int]:
    nav = re.search(r'<nav class="status-nav portal-nav".*?</nav>', html, re.S).group(0)
    return {
        label.strip(): int(count)
        for label, count in re.findall(r'<a href="[^"]*"[^>]*>([^<]+)<span class="badge[^"]*" data-unread="(\d+)"', nav)
    }


def test_a_new_order_and_a_message_show_in_the_inbox_with_unread_counts(shop):
    buyer = UserFactory()
    order = _order(buyer, shop["offer"], shop["beta_offer"])
    part = order.vendor_orders.get(vendor=shop["alpha"])
    conversation_start(buyer=buyer, body="Wann kommt der Kocher?", number=order.number, vendor_order_id=part.id)
    client = browser(shop["owner"])
    html = client.get("/seller/notifications/").content.decode()
    assert _badges(html) == {"Orders": 1, "Messages": 1, "Notifications": 2}
    assert f"New order {order.number}" in html and "New message:" in html
    assert 'data-unread-total="2"' in html
    # Beta has its own order notification and no message.
    assert SellerNotification.objects.filter(vendor=shop["beta"]).count() == 1
    # Marking the message read leaves the order unread.
    message = SellerNotification.objects.get(vendor=shop["alpha"], kind="message")
    assert client.post("/seller/notifications/read/", {"id": message.id}).status_code == 302
    assert _badges(client.get("/seller/").content.decode()) == {"Orders": 1, "Notifications": 1}
    assert client.post("/seller/notifications/read/").status_code == 302
    assert _badges(client.get("/seller/").content.decode()) == {}


def test_read_state_is_each_staff_members_own(shop):
    order = _order(UserFactory(), shop["offer"])
    manager = browser(_member(shop["alpha"], "manager"))
    owner = browser(shop["owner"])
    # The owner reads everything; the manager's inbox still shows the order as new.
    assert owner.post("/seller/notifications/read/").status_code == 302
    assert _badges(owner.get("/seller/").content.decode()) == {}
    html = manager.get("/seller/notifications/").content.decode()
    assert _badges(html) == {"Orders": 1, "Notifications": 1} and 'data-read="false"' in html
    assert f"New order {order.number}" in html
    # The manager reads it too: one read row each, and the owner's is unchanged.
    note = SellerNotification.objects.get(vendor=shop["alpha"], kind="new_order")
    assert manager.post("/seller/notifications/read/", {"id": note.id}).status_code == 302
    assert 'data-read="true"' in manager.get("/seller/notifications/").content.decode()
    assert note.reads.count() == 2
    assert 'data-read="false"' not in owner.get("/seller/notifications/").content.decode()


def test_a_retried_event_is_notified_once_and_the_seller_reply_is_not_notified(shop):
    from vendors.notifications import notify_order_reached_sellers

    buyer = UserFactory()
    order = _order(buyer, shop["offer"])
    notify_order_reached_sellers(order=order)  # e.g. a webhook delivered twice
    assert SellerNotification.objects.filter(vendor=shop["alpha"], kind="new_order").count() == 1


def test_each_role_sees_only_the_kinds_that_concern_it(shop):
    _order(UserFactory(), shop["offer"])
    SellerNotification.objects.create(vendor=shop["alpha"], kind="payout", key="payout:1", params={})
    fulfilment = browser(_member(shop["alpha"], "fulfilment")).get("/seller/notifications/").content.decode()
    finance = browser(_member(shop["alpha"], "finance")).get("/seller/notifications/").content.decode()
    assert 'data-kind="new_order"' in fulfilment and 'data-kind="payout"' not in fulfilment
    assert 'data-kind="payout"' in finance and 'data-kind="new_order"' not in finance
    # Finance cannot mark the order notification read: it is not among the kinds it sees.
    order_note = SellerNotification.objects.get(vendor=shop["alpha"], kind="new_order")
    finance_client = browser(_member(shop["alpha"], "finance"))
    finance_client.post("/seller/notifications/read/", {"id": order_note.id})
    assert not order_note.reads.exists()


def test_another_vendors_notification_cannot_be_marked_read(shop):
    _order(UserFactory(), shop["beta_offer"])
    foreign = SellerNotification.objects.get(vendor=shop["beta"])
    client = browser(shop["owner"])
    assert client.post("/seller/notifications/read/", {"id": foreign.id}).status_code == 302
    assert not foreign.reads.exists()
    assert browser(UserFactory()).get(f"/seller/notifications/?vendor={shop['beta'].id}").status_code == 404


def test_mail_preferences_decide_whether_a_new_order_is_mailed(shop):
    _order(UserFactory(), shop["offer"], key="first")
    assert OutboxEvent.objects.filter(topic=NOTIFICATION_MAIL).count() == 1
    client = browser(shop["owner"])
    # Switch new orders off; moderation decisions stay on even when the form says otherwise.
    response = client.post("/seller/notifications/settings/", {"message": "on"})
    assert response.status_code == 302
    assert not seller_mail_wanted(vendor_id=shop["alpha"].id, kind="new_order")
    assert seller_mail_wanted(vendor_id=shop["alpha"].id, kind="message")
    assert seller_mail_wanted(vendor_id=shop["alpha"].id, kind="moderation")
    _order(UserFactory(), shop["offer"], key="second")
    assert OutboxEvent.objects.filter(topic=NOTIFICATION_MAIL).count() == 1
    assert SellerNotification.objects.filter(vendor=shop["alpha"], kind="new_order").count() == 2
    page = client.get("/seller/notifications/").content.decode()
    assert 'name="new_order"' in page and 'id="id_new_order" checked' not in page


def test_the_mail_goes_out_in_the_sellers_language(shop, mailoutbox):
    Vendor.objects.filter(id=shop["alpha"].id).update(language="en")
    order = _order(UserFactory(), shop["offer"])
    outbox_deliver()  # what runs after commit
    mails = [m for m in mailoutbox if m.to == [shop["alpha"].email] and order.number in m.subject]
    assert len(mails) == 1 and "ship it by" in mails[0].body
