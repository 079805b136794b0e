"""Anonymous storefront pages cached per language (issue 20), renewed by the outbox events that
change what they show; every visitor still gets their own CSRF token; signed-in visitors and
visitors with a session get their page rendered for them."""

import re

import pytest
from django.test import Client

from marketplace.models import OutboxEvent
from marketplace.money import Money
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor
from vendors.models import Offer
from vendors.services import offer_update

pytestmark = pytest.mark.django_db(transaction=True)  # commits, so the outbox delivers inline


@pytest.fixture(autouse=True)
def _page_cache_on(settings, search_index):
    settings.STOREFRONT_PAGE_CACHE = True


@pytest.fixture
def lamp():
    vendor, owner = make_vendor(name="Leuchtenhaus")
    offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Stehlampe Aura", price=4990)
    return vendor, owner, offer


def visitor(language="en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def test_a_price_change_appears_on_a_cached_product_page_after_one_outbox_delivery(lamp):
    vendor, owner, offer = lamp
    url = f"/p/{offer.product_id}/"
    first = visitor().get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "49.90" in first.content.decode()
    again = visitor().get(url)
    assert again["X-Page-Cache"] == "hit" and "49.90" in again.content.decode()

    # A change that bypasses the services (no outbox event) is not seen: the page is served from the cache.
    Offer.objects.filter(id=offer.id).update(price_amount=3990)
    assert "39.90" not in visitor().get(url).content.decode()

    pending = OutboxEvent.objects.filter(delivered_at__isnull=True).count()
    offer_update(vendor=vendor, actor=owner, offer_id=offer.id, price=Money(2990, "EUR"))  # commits, delivers inline
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == pending  # one delivery, done
    after = visitor().get(url)
    assert after["X-Page-Cache"] == "miss"
    html = after.content.decode()
    assert "29.90" in html and "49.90" not in html


def test_pages_are_cached_per_language(lamp):
    url = f"/p/{lamp[2].product_id}/"
    assert visitor("en").get(url)["X-Page-Cache"] == "miss"
    german = visitor("de").get(url)
    assert german["X-Page-Cache"] == "miss" and '<html lang="de">' in german.content.decode()
    assert visitor("de").get(url)["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in visitor("en").get(url).content.decode()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_each_visitor_gets_a_token_of_their_own_that_works(lamp):
    url = f"/p/{lamp[2].product_id}/"
    visitor().get(url)  # fills the cache
    one, two = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True), visitor()
    page = one.get(url)
    assert page["X-Page-Cache"] == "hit"
    token = csrf_of(page.content.decode())
    assert "csrf-placeholder" not in page.content.decode()
    assert token != csrf_of(two.get(url).content.decode())
    # The token from the cached page is accepted with this visitor's cookie (language switch form).
    switched = one.post("/i18n/setlang/", {"language": "de", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_signed_in_visitors_and_home_and_search_pages(lamp):
    buyer = UserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(buyer)
    url = f"/p/{lamp[2].product_id}/"
    visitor().get(url)
    mine = client.get(url)
    assert "X-Page-Cache" not in mine and buyer.username in mine.content.decode()

    assert visitor().get("/")["X-Page-Cache"] == "miss"
    assert visitor().get("/")["X-Page-Cache"] == "hit"
    # The catalog listing (a query without hits is never cached: each one is counted, below).
    assert visitor().get("/search/")["X-Page-Cache"] == "miss"
    assert visitor().get("/search/")["X-Page-Cache"] == "hit"
    # A new product is an outbox event for the listings: home and search render afresh.
    vendor, owner, _offer = lamp
    make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Tischlampe Nova", price=2490)
    assert visitor().get("/")["X-Page-Cache"] == "miss"
    assert visitor().get("/search/")["X-Page-Cache"] == "miss"


def test_a_search_without_results_is_counted_every_time(lamp):
    from search.models import ZeroResultQuery

    for _ in range(2):
        response = visitor().get("/search/?q=zzzqqq")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert ZeroResultQuery.objects.get().count == 2
