"""Service offers on a page (issue 18 item 8): a seller offers a warranty with its product, buyers
can choose it in the cart, the seller stops offering it; walled per vendor and role."""

import pytest

from buyers.addons.models import ServiceOffer
from buyers.addons.service_offers import cart_service_add, service_offer_create
from buyers.services import cart_item_add
from marketplace.errors import DomainError
from marketplace.money import Money
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser
from vendors import services as vendor_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    alpha, owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    category = CategoryFactory()
    offer = make_offer(vendor=alpha, owner=owner, category=category, title="Waschmaschine", price=39900)
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Trockner", price=49900)
    return {"alpha": alpha, "owner": owner, "beta": beta, "offer": offer, "beta_offer": beta_offer}


def _form(shop, **changes):
    return {"product": shop["offer"].product_id, "kind": "warranty", "title": "5 Jahre Garantie", "price": "49,90"} | (
        changes
    )


def test_owner_offers_a_warranty_buyers_choose_it_and_the_owner_ends_it(shop):
    client = browser(shop["owner"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = client.get("/seller/services/").content.decode()
    assert "Noch keine Serviceangebote" in page and "Waschmaschine" in page and "Trockner" not in page
    assert client.post("/seller/services/new/", _form(shop)).status_code == 302
    service = ServiceOffer.objects.get(provider=shop["alpha"])
    assert (service.kind, service.price_amount, service.currency, service.is_active) == ("warranty", 4990, "EUR", True)
    row = client.get("/seller/services/").content.decode().split(f'data-service="{service.id}"')[1].split("</tr>")[0]
    assert "5 Jahre Garantie" in row and "Verlängerte Garantie" in row and "49,90" in row

    buyer = UserFactory()
    item = cart_item_add(buyer=buyer, offer_id=shop["offer"].id, quantity=1)
    cart_service_add(buyer=buyer, item_id=item.id, service_offer_id=service.id)

    assert client.post(f"/seller/services/{service.id}/end/").status_code == 302
    service.refresh_from_db()
    assert not service.is_active
    other = UserFactory()
    other_item = cart_item_add(buyer=other, offer_id=shop["offer"].id, quantity=1)
    with pytest.raises(DomainError) as refused:
        cart_service_add(buyer=other, item_id=other_item.id, service_offer_id=service.id)
    assert refused.value.code == "unknown_service_offer"
    row = client.get("/seller/services/").content.decode().split(f'data-service="{service.id}"')[1].split("</tr>")[0]
    assert "Beendet" in row and "Nicht mehr anbieten" not in row


def test_bad_input_names_the_field_and_creates_nothing(shop):
    client = browser(shop["owner"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"  # the price as typed in German
    service_offer_create(
        provider=shop["alpha"],
        product_id=shop["offer"].product_id,
        kind="assembly",
        title="Aufbau",
        price=Money(2000, "EUR"),
    )
    before = row_counts()
    cases = {
        "price": _form(shop, price=""),
        "title": _form(shop, title=""),
        "kind": _form(shop, kind="insurance"),
        "product": _form(shop, product=shop["beta_offer"].product_id),  # a product Alpha does not sell
    }
    for field, data in cases.items():
        response = client.post("/seller/services/new/", data)
        html = response.content.decode()
        assert response.status_code == 400 and f'id="id_{field}-error"' in html, field
    # The service's own refusal (one service of a kind per product) lands on its field too.
    response = client.post("/seller/services/new/", _form(shop, kind="assembly"))
    assert response.status_code == 400 and 'id="id_kind-error"' in response.content.decode()
    assert row_counts() == before


def test_another_vendors_service_is_a_404_and_only_listing_roles_may_use_the_page(shop):
    foreign = service_offer_create(
        provider=shop["beta"],
        product_id=shop["beta_offer"].product_id,
        kind="warranty",
        title="BETASERVICE",
        price=Money(990, "EUR"),
    )
    client = browser(shop["owner"])
    assert client.post(f"/seller/services/{foreign.id}/end/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and "BETASERVICE" not in client.get("/seller/services/").content.decode()
    for role in ("fulfilment", "finance"):
        user = UserFactory()
        vendor_services.vendor_member_add(vendor=shop["alpha"], user=user, role=role)
        assert browser(user).get("/seller/services/").status_code == 403
        assert browser(user).post("/seller/services/new/", _form(shop)).status_code == 403
    assert not ServiceOffer.objects.filter(provider=shop["alpha"]).exists()
