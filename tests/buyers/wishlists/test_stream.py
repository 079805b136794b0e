"""Recently viewed (session for guests, stored and capped for users) and the "for you" stream:
best sellers / newest for newcomers, personal picks from views, wishes and purchases."""

import pytest
from django.test import Client

from buyers.services import cart_item_add, checkout_place
from buyers.wishlists.models import RecentlyViewed
from buyers.wishlists.selectors import for_you_stream
from buyers.wishlists.services import RECENTLY_VIEWED_MAX, recently_viewed_record, wishlist_item_add
from tests.factories import CategoryFactory, UserFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


@pytest.fixture
def catalog():
    bikes, kitchen = CategoryFactory(name_en="Bikes"), CategoryFactory(name_en="Kitchen")
    vendor, owner = make_vendor(name="Alpha")
    offers = {}
    for name, category in [
        ("helm", bikes),
        ("lampe", bikes),
        ("schloss", bikes),
        ("topf", kitchen),
        ("pfanne", kitchen),
        ("messer", kitchen),
    ]:
        offers[name] = make_offer(vendor=vendor, owner=owner, category=category, title=name.capitalize(), stock=20)
    # "pfanne" is the best seller: two buyers bought it.
    for n in range(2):
        buyer = UserFactory()
        cart_item_add(buyer=buyer, offer_id=offers["pfanne"].id, quantity=1)
        checkout_place(buyer=buyer, idempotency_key=f"b{n}", payment_method="invoice", shipping_address=ADDRESS)
    return {name: offer.product_id for name, offer in offers.items()}


def test_newcomers_get_best_sellers_then_newest(catalog):
    anonymous = for_you_stream(user=_anonymous(), session_ids=[], use_search=False)
    assert anonymous.personal is False
    ids = [hit.id for hit in anonymous.hits]
    assert ids[0] == catalog["pfanne"] and set(ids) == set(catalog.values())
    assert ids[1] == catalog["messer"]  # then the newest
    new_user = for_you_stream(user=UserFactory(), use_search=False)
    assert new_user.personal is False and [h.id for h in new_user.hits] == ids
    answer = Client().get("/api/recommendations/for-you/").json()
    assert answer["personal"] is False and [hit["id"] for hit in answer["hits"]] == ids


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_history_personalises_the_stream(catalog):
    buyer = UserFactory()
    recently_viewed_record(user=buyer, product_ids=[catalog["helm"]])
    stream = for_you_stream(user=buyer, use_search=False)
    ids = [hit.id for hit in stream.hits]
    assert stream.personal is True
    # Same category as what was viewed first (the viewed product too), then the rest.
    assert set(ids[:3]) == {catalog["helm"], catalog["lampe"], catalog["schloss"]}
    wishlist_item_add(user=buyer, product_id=catalog["lampe"])
    ids = [hit.id for hit in for_you_stream(user=buyer, use_search=False).hits]
    assert catalog["lampe"] not in ids  # on the wishlist already: the stream shows something new
    assert set(ids[:2]) == {catalog["helm"], catalog["schloss"]}


def test_a_guest_s_views_need_consent(catalog):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.get(f"/p/{catalog['topf']}/")
    assert "recently_viewed" not in client.session
    assert 'data-for-you="popular"' in client.get("/").content.decode()


def test_a_guest_s_views_stay_in_the_session_and_move_to_the_account(catalog, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.COOKIE_CONSENT_COOKIE] = f"c0ffee|{settings.COOKIE_CONSENT_VERSION}|preferences"
    client.get(f"/p/{catalog['topf']}/")
    client.get(f"/p/{catalog['pfanne']}/")
    assert client.session["recently_viewed"] == [catalog["topf"], catalog["pfanne"]]
    page = client.get("/").content.decode()
    assert 'data-for-you="personal"' in page and "Recently viewed" in page and "For you" in page
    buyer = UserFactory()
    client.force_login(buyer)
    client.get(f"/p/{catalog['helm']}/")
    assert list(
        RecentlyViewed.objects.filter(user=buyer).order_by("-viewed_at").values_list("product_id", flat=True)
    ) == [catalog["helm"], catalog["pfanne"], catalog["topf"]]
    assert "recently_viewed" not in client.session


def test_recently_viewed_is_capped(catalog):
    buyer = UserFactory()
    ids = list(catalog.values())
    for round_ in range(5):
        for product_id in ids:
            recently_viewed_record(user=buyer, product_ids=[product_id])
    assert RecentlyViewed.objects.filter(user=buyer).count() == len(ids) <= RECENTLY_VIEWED_MAX
    from buyers.wishlists.services import session_views_add

    session = []
    for n in range(RECENTLY_VIEWED_MAX + 5):
        session = session_views_add(session, n)
    assert session == list(range(5, RECENTLY_VIEWED_MAX + 5))


@pytest.mark.parametrize(
    "language, popular, personal", [("de", "Gerade beliebt", "Für Sie"), ("en", "Popular right now", "For you")]
)
def test_home_page_stream_in_both_languages(catalog, language, popular, personal):
    newcomer = Client(HTTP_ACCEPT_LANGUAGE=language).get("/").content.decode()
    assert popular in newcomer and 'data-for-you="popular"' in newcomer
    buyer = UserFactory()
    cart_item_add(buyer=buyer, offer_id=_offer_of(catalog["topf"]), quantity=1)
    checkout_place(buyer=buyer, idempotency_key="me", payment_method="invoice", shipping_address=ADDRESS)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(buyer)
    page = client.get("/").content.decode()
    assert personal in page and 'data-for-you="personal"' in page


def _offer_of(product_id):
    from vendors.models import Offer

    return Offer.objects.get(product_id=product_id).id
