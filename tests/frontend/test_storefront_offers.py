"""The storefront's offers (issue 17.2-17.4): one featured offer everywhere, prices as German law
wants them, no raw stock counts, a delivery promise on the product page and in the cart."""
import re
from datetime import date

import pytest
from django.test import Client

from buyers.services import cart_item_add
from marketplace.models import AttributeDefinition
from marketplace.outbox import outbox_deliver
from search.build import product_documents
from search.indexing import index_refresh
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.services.shipping import RateSpec, ZoneSpec, shipping_profile_create

pytestmark = pytest.mark.django_db
GTIN = "4006381333931"


def browser(user=None, language="de") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").strip()


def charges_shipping(vendor, owner, amount=490):
    shipping_profile_create(vendor=vendor, actor=owner, name="Paket", currency="EUR",
                            zones=[ZoneSpec(name="Inland", countries=["DE"], rate_kind="flat", rates=[RateSpec(amount=amount)])])


@pytest.fixture
def shop(search_index):
    category = CategoryFactory(slug="kaffee", name_de="Kaffee", name_en="Coffee")
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    gamma, gamma_owner = make_vendor(name="Gamma")
    charges_shipping(alpha, alpha_owner)
    # One product: Alpha 19.99 + 4.90 shipping (24.89 landed), Beta 21.99 with no shipping charge.
    mill_alpha = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Kaffeemühle", gtin=GTIN, price=1999, stock=50)
    mill_beta = make_offer(vendor=beta, owner=beta_owner, category=category, gtin=GTIN, price=2199, stock=3)
    # Another: the only offer at 9.49 is sold out, the buyable one costs 14.49.
    cup_gamma = make_offer(vendor=gamma, owner=gamma_owner, category=category, title="Espressotasse", price=949, stock=0)
    cup_beta = make_offer(vendor=beta, owner=beta_owner, category=category, product_id=cup_gamma.product_id, price=1449, stock=7)
    outbox_deliver()
    index_refresh()
    return {"category": category, "alpha": (alpha, alpha_owner), "mill_alpha": mill_alpha, "mill_beta": mill_beta, "cup_gamma": cup_gamma, "cup_beta": cup_beta}


def card(html: str, title: str) -> str:
    start = html.index(f">{title}</a>")  # the card's heading link
    return words(html[html.rindex("<article", 0, start):html.index("</article>", start)])


def test_a_card_never_shows_a_sold_out_offers_price(shop):
    html = browser().get("/search/?q=Espressotasse").content.decode()
    text = card(html, "Espressotasse")
    assert "9,49" not in text
    assert "14,49 €" in text and "ab 14,49" not in text  # one buyable offer: no "ab"
    assert "inkl. MwSt., zzgl. Versand" in text


def test_a_card_shows_the_item_price_with_a_shipping_link_not_the_landed_price(shop):
    html = browser().get("/search/?q=Kaffeemühle").content.decode()
    text = card(html, "Kaffeemühle")
    assert "ab 19,99 €" in text and "24,89" not in text  # min_price includes shipping home: not shown as "zzgl. Versand"
    assert re.search(r'<a class="price-block-shipping[^"]*" href="/shipping/">zzgl. Versand</a>', html)
    assert browser().get("/shipping/").status_code == 200


def test_the_buy_box_picks_the_featured_offer_on_the_page_and_in_the_index(shop):
    mill_alpha, mill_beta = shop["mill_alpha"], shop["mill_beta"]
    html = browser().get(f"/p/{mill_alpha.product_id}/").content.decode()
    # Beta's 21.99 with free shipping beats Alpha's 19.99 + 4.90: Beta's offer and "add to cart" come first.
    forms = re.findall(r'name="offer" value="(\d+)"', html)
    assert forms == [str(mill_beta.id), str(mill_alpha.id)]
    box = html[html.index('class="buy-box'):html.index('id="offers-title"')]
    assert "Beta" in box and "offer-row-featured" in box and "Alpha" not in box
    assert product_documents([mill_alpha.product_id])[mill_alpha.product_id]["best_offer_id"] == mill_beta.id
    text = words(html)
    assert "zzgl. 4,90 € Versand" in text and "versandkostenfrei" in text and "inkl. MwSt." in text


def test_offers_say_in_stock_or_only_n_left_never_the_raw_count(shop):
    text = words(browser().get(f"/p/{shop['mill_alpha'].product_id}/").content.decode())
    assert "Nur noch 3 auf Lager" in text  # Beta has 3
    assert "Auf Lager" in text  # Alpha has 50
    assert " 50 " not in f" {text} "


def test_product_page_and_cart_promise_a_delivery_date(shop, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 12, 24))
    html = words(browser().get(f"/p/{shop['mill_alpha'].product_id}/").content.decode())
    # Handling 2 days from Christmas Eve: 29th and 30th (25th, 26th holidays, weekend); transit 1: Wed 31st.
    assert "Lieferung bis Mittwoch, 31. Dezember 2025" in html
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=shop["mill_beta"].id, quantity=1)
    cart = words(browser(buyer).get("/cart/").content.decode())
    assert "Lieferung bis Mittwoch, 31. Dezember 2025" in cart  # dt "Lieferung", dd "bis Mittwoch, ..."


def test_unit_price_where_the_product_states_its_quantity(shop):
    AttributeDefinition.objects.create(category=shop["category"], code="net_quantity", name_de="Füllmenge", name_en="Net quantity",
                                       kind=AttributeDefinition.Kind.NUMBER, unit="g")
    alpha, alpha_owner = shop["alpha"]
    beans = make_offer(vendor=alpha, owner=alpha_owner, category=shop["category"], title="Espressobohnen",
                       price=499, attributes={"net_quantity": 250})
    text = words(browser().get(f"/p/{beans.product_id}/").content.decode())
    assert "Grundpreis: 19,96 € / 1 kg" in text
