"""Seller central is role-aware: each staff role sees only the menu links and forms it may use
(the same table the views check), and a refused page says in words what the role cannot do and
which roles can, never the raw role code."""

import re

import pytest
from django.test import Client

from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors import services as vendor_services
from vendors.models import Offer

pytestmark = pytest.mark.django_db

MENU = {
    "Offers": "/seller/",
    "Verification": "/seller/verification/",
    "Listings": "/seller/listings/",
    "New listing": "/seller/listings/new/",
    "Import": "/seller/imports/",
    "Orders": "/seller/orders/",
    "Returns": "/seller/returns/",
    "Reviews": "/seller/reviews/",
    "Messages": "/seller/messages/",
    "Payouts": "/seller/payouts/",
    "Staff": "/seller/staff/",
    "Trader data": "/seller/trader/",
    "Documents": "/seller/documents/",
    "Tax data (DAC7)": "/seller/tax-data/",
    "Product compliance": "/seller/compliance/",
    "Terms for sellers": "/seller/terms/",
    "Statements of reasons": "/seller/statements/",
    "Buy box": "/seller/buy-box/",
    "Coupons": "/seller/coupons/",
    "Service offers": "/seller/services/",
    "Shipping": "/seller/shipping/",
    "Account health": "/seller/health/",
    "Notifications": "/seller/notifications/",
    "API keys": "/seller/api-keys/",
    "Webhooks": "/seller/webhooks/",
    "Analytics": "/seller/analytics/",
}
EVERYONE = [
    "Offers",
    "Verification",
    "Reviews",
    "Trader data",
    "Terms for sellers",
    "Statements of reasons",
    "Account health",
    "Notifications",
]
LINKS = {
    "owner": list(MENU),
    "manager": EVERYONE
    + [
        "Listings",
        "New listing",
        "Import",
        "Orders",
        "Returns",
        "Messages",
        "Buy box",
        "Coupons",
        "Service offers",
        "Shipping",
        "Product compliance",
    ],
    "fulfilment": EVERYONE + ["Orders", "Returns", "Messages"],
    "finance": EVERYONE + ["Payouts", "Analytics"],
}


@pytest.fixture
def alpha():
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(
        vendor=vendor, owner=owner, category=CategoryFactory(), title="Wasserkocher", price=2999, stock=5
    )
    return vendor, owner, offer


def _client(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _member(vendor, role):
    user = UserFactory()
    vendor_services.vendor_member_add(vendor=vendor, user=user, role=role)
    return user


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="status-nav portal-nav".*?</nav>', html, re.S).group(0)
    return [label for label in re.findall(r'<a href="[^"]*"[^>]*>([^<]+)</a>', nav) if label != "Two-factor login"]


def _text(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _user(alpha, role):
    vendor, owner, _offer = alpha
    return owner if role == "owner" else _member(vendor, role)


@pytest.mark.parametrize("role", LINKS)
def test_each_role_sees_the_links_it_may_follow_and_every_link_opens(alpha, role):
    client = _client(_user(alpha, role))
    html = client.get("/seller/").content.decode()
    assert sorted(_menu(html)) == sorted(LINKS[role])
    # The menu and the views read one table: what is shown opens, what is hidden is refused.
    for label, url in MENU.items():
        status = client.get(url).status_code
        assert status == (200 if label in LINKS[role] else 403), (role, label, status)


@pytest.mark.parametrize(
    "role, url, cannot, who_en, who_de",
    [
        ("manager", "/seller/staff/", "invite staff", "Allowed for: Owner.", "Erlaubt für: Inhaber."),
        (
            "fulfilment",
            "/seller/payouts/",
            "see the balance",
            "Allowed for: Owner and Finance.",
            "Erlaubt für: Inhaber und Finanzen.",
        ),
        (
            "finance",
            "/seller/orders/",
            "handle orders",
            "Allowed for: Owner, Manager and Fulfilment.",
            "Erlaubt für: Inhaber, Manager und Versand.",
        ),
        (
            "fulfilment",
            "/seller/listings/new/",
            "create or change listings",
            "Allowed for: Owner and Manager.",
            "Erlaubt für: Inhaber und Manager.",
        ),
    ],
)
def test_a_refused_page_says_in_words_what_the_role_cannot_do_and_who_can(alpha, role, url, cannot, who_en, who_de):
    user = _user(alpha, role)
    english = _client(user).get(url)
    assert english.status_code == 403
    text = _text(english.content.decode())
    assert cannot in text and who_en in text and "does not allow" in text
    assert role not in text  # the raw role code ("fulfilment", "finance", "manager") never shows
    german = _client(user, "de").get(url)
    assert german.status_code == 403
    text_de = _text(german.content.decode())
    assert who_de in text_de and "erlaubt" in text_de and role not in text_de


def test_the_owner_is_refused_nothing(alpha):
    client = _client(alpha[1])
    assert all(client.get(url).status_code == 200 for url in MENU.values())


@pytest.mark.parametrize("role, edits", [("owner", True), ("manager", True), ("fulfilment", False), ("finance", False)])
def test_price_and_stock_fields_only_for_roles_that_manage_listings(alpha, role, edits):
    vendor, _owner, offer = alpha
    client = _client(_user(alpha, role))
    html = client.get("/seller/").content.decode()
    assert "Wasserkocher" in html
    assert (f'action="/seller/offers/{offer.id}/"' in html) is edits
    assert (f'name="offer-{offer.id}-price"' in html) is edits
    response = client.post(
        f"/seller/offers/{offer.id}/",
        {"vendor": vendor.id, f"offer-{offer.id}-price": "1.00", f"offer-{offer.id}-stock": "1"},
    )
    assert response.status_code == (302 if edits else 403)
    if not edits:
        assert "Owner and Manager" in _text(response.content.decode())
        assert Offer.objects.get(id=offer.id).price_amount == 2999


@pytest.mark.parametrize(
    "role, edits", [("owner", True), ("manager", False), ("fulfilment", False), ("finance", False)]
)
def test_the_trader_form_only_for_the_owner(alpha, role, edits):
    html = _client(_user(alpha, role)).get("/seller/trader/").content.decode()
    assert ('action="/seller/trader/update/"' in html) is edits
    assert ('action="/seller/trader/certify/"' in html) is edits
    if not edits:
        assert "The trader data is kept by: Owner." in _text(html)
