"""Variants and add-on services on the storefront (issue 17.6, 17.10): the variant selector of the
product page (links that work without JavaScript, the URL keeps the choice), offers per variant,
add-ons chosen with the item and in the cart, the statt price of a sale."""

import pytest

from buyers.addons.models import CartService
from buyers.addons.service_offers import service_offer_create
from buyers.models import CartItem
from marketplace.models import AttributeDefinition
from marketplace.money import Money
from tests.conftest import row_counts
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from tests.frontend.test_storefront_offers import browser, words
from vendors.services import listing_create
from vendors.services.variants import variant_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(search_index):
    category = CategoryFactory(slug="shirts", name_de="Shirts", name_en="Shirts")
    AttributeDefinition.objects.create(
        category=category, code="size", name_de="Größe", name_en="Size", kind="enum", allowed_values=["S", "M", "L"]
    )
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, _beta_owner = make_vendor(name="Beta")
    plain = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Laufshirt", price=1400, stock=0)
    product = plain.product
    variants = {
        size: variant_create(vendor=alpha, actor=alpha_owner, product_id=product.id, options={"size": size})
        for size in ("S", "M", "L")
    }
    offers = {
        size: listing_create(
            vendor=alpha,
            actor=alpha_owner,
            product_id=product.id,
            variant_id=variants[size].id,
            price=Money(price, "EUR"),
            stock=stock,
            sku=f"LS-{size}",
        )
        for size, price, stock in (("S", 1300, 0), ("M", 1500, 4), ("L", 1700, 9))
    }
    warranty = service_offer_create(
        provider=beta, product_id=product.id, kind="warranty", title="Garantie plus", price=Money(299, "EUR")
    )
    return {
        "product": product,
        "variants": variants,
        "offers": offers,
        "warranty": warranty,
        "alpha": alpha,
        "owner": alpha_owner,
    }


def page(client, product, query=""):
    response = client.get(f"/p/{product.id}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_selector_shows_the_cheapest_variant_in_stock_and_links_the_others(shop):
    html = page(browser(), shop["product"])
    text = words(html)
    assert 'data-testid="variant-choice"' in html
    assert "Ausgewählt: Größe: M" in text  # S (1300) is sold out: M is the cheapest in stock
    assert "15,00 €" in text and "17,00 €" not in text and "14,00 €" not in text  # only M's offers
    for size in ("S", "L"):
        assert f'href="?variant={shop["variants"][size].id}"' in html
    assert 'aria-current="true"' in html and "(nicht verfügbar)" in text  # S leads to no buyable offer


def test_the_url_keeps_the_chosen_variant_and_bad_choices_fall_back(shop, category):
    html = page(browser(), shop["product"], f"?variant={shop['variants']['L'].id}")
    text = words(html)
    assert "Ausgewählt: Größe: L" in text and "17,00 €" in text and "15,00 €" not in text
    sold_out = words(page(browser(), shop["product"], f"?variant={shop['variants']['S'].id}"))
    assert "Ausgewählt: Größe: S" in sold_out and "Ausverkauft" in sold_out
    other = make_offer(vendor=shop["alpha"], owner=shop["owner"], category=category, title="X")
    foreign = variant_create(
        vendor=shop["alpha"], actor=shop["owner"], product_id=other.product_id, options={"colour": "rot"}
    )
    for query in ("?variant=abc", f"?variant={foreign.id}", "?variant=", "?variant=99999999"):
        assert "Ausgewählt: Größe: M" in words(page(browser(), shop["product"], query)), query


def test_addon_chosen_with_the_item_and_named_in_the_cart(shop):
    buyer = UserFactory()
    client = browser(buyer)
    html = page(client, shop["product"])
    assert f'name="service_offer" value="{shop["warranty"].id}"' in html
    assert "Garantie plus für 2,99 € pro Stück, von Beta" in words(html)
    large = shop["offers"]["L"]
    response = client.post("/cart/add/", {"offer": large.id, "quantity": 2, "service_offer": [shop["warranty"].id]})
    assert response.status_code == 302
    item = CartItem.objects.get(cart__buyer=buyer)
    assert item.offer_id == large.id and CartService.objects.filter(item=item, service_offer=shop["warranty"]).exists()
    cart = words(client.get("/cart/").content.decode())
    assert "Größe: L" in cart and "Garantie plus für Laufshirt, von Beta" in cart
    assert "5,98 €" in cart  # 2 × 2,99 €
    assert "39,98 €" in cart  # 2 × 17,00 € + 5,98 € (no shipping rule: free)

    # Removed in the cart, and chosen again from the cart's list.
    assert client.post(f"/cart/items/{item.id}/services/{shop['warranty'].id}/remove/").status_code == 302
    assert not CartService.objects.exists()
    assert client.post(f"/cart/items/{item.id}/services/", {"service_offer": shop["warranty"].id}).status_code == 302
    assert CartService.objects.filter(item=item).count() == 1


def test_refused_addons_change_nothing_and_another_buyers_item_is_not_found(shop):
    buyer, other = UserFactory(), UserFactory()
    client = browser(buyer)
    before = row_counts()
    for bad in (["999999"], ["x"]):
        response = client.post(
            "/cart/add/", {"offer": shop["offers"]["L"].id, "quantity": 1, "service_offer": bad}, follow=True
        )
        assert response.status_code == 200
    assert row_counts() == before  # neither the item nor the service was added
    client.post("/cart/add/", {"offer": shop["offers"]["L"].id, "quantity": 1})
    item = CartItem.objects.get(cart__buyer=buyer)
    intruder = browser(other)
    assert intruder.post(f"/cart/items/{item.id}/services/", {"service_offer": shop["warranty"].id}).status_code == 404
    assert intruder.post(f"/cart/items/{item.id}/services/{shop['warranty'].id}/remove/").status_code == 404
    response = client.post(f"/cart/items/{item.id}/services/", {"service_offer": "abc"}, follow=True)
    assert response.status_code == 200 and not CartService.objects.exists()


def test_statt_price_is_the_lowest_of_the_30_days_before_the_sale(search_index):
    """PAngV § 11: a reduced price names the lowest price of the 30 days before the reduction,
    not the last regular price: the offer cost 19,00 € twenty days ago, 22,00 € now, sale 15,00 €."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.outbox import outbox_deliver
    from search.indexing import index_refresh
    from vendors.models import OfferPriceChange
    from vendors.services.sales import offer_sale_set

    category = CategoryFactory(slug="schuhe", name_de="Schuhe", name_en="Shoes")
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Laufschuh Tempo", price=2200, stock=5)
    now = timezone.now()
    OfferPriceChange.objects.filter(offer=offer).update(changed_at=now - timedelta(days=5))
    OfferPriceChange.objects.create(offer=offer, price_amount=1900, changed_at=now - timedelta(days=20))
    OfferPriceChange.objects.create(offer=offer, price_amount=2500, changed_at=now - timedelta(days=40))
    offer_sale_set(
        vendor=vendor,
        actor=owner,
        offer_id=offer.id,
        sale_price=Money(1500, "EUR"),
        starts_at=now,
        ends_at=now + timedelta(days=7),
    )
    offer.refresh_from_db()
    assert offer.price_amount == 1500 and offer.was_price == Money(1900, "EUR")

    product_page = words(page(browser(), offer.product))
    assert "15,00 € statt 19,00 €" in product_page and "22,00 €" not in product_page
    assert "Durchgestrichener Preis: der niedrigste Preis der 30 Tage vor der Aktion." in product_page

    outbox_deliver()
    index_refresh()
    results = browser().get("/search/?q=Laufschuh").content.decode()
    assert "<del>19,00 €</del>" in results.replace("\xa0", " ")


def test_a_new_addon_renews_the_cached_product_page(shop, django_capture_on_commit_callbacks):
    from marketplace.page_versions import product_version_name, versions_get

    product = shop["product"]
    partner, _owner = make_vendor(name="Montage")
    before = versions_get([product_version_name(product.id)])
    with django_capture_on_commit_callbacks(execute=True):
        service_offer_create(
            provider=partner, product_id=product.id, kind="assembly", title="Aufbau", price=Money(1500, "EUR")
        )
    assert versions_get([product_version_name(product.id)]) != before
