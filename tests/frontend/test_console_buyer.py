"""The console's buyer page (issue 19.2): orders, claims, returns and the GDPR trail; staff only."""

import pytest

from buyers.gdpr import person_erase
from tests.conftest import row_counts
from tests.factories import UserFactory
from tests.frontend.test_pages import browser
from tests.payouts.conftest import place, shop  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_buyer_page_lists_orders_and_is_linked_from_the_search(shop, operator):  # noqa: F811
    buyer = shop["buyer"]
    order = place(buyer, [(shop["alpha_offer"], 1)])
    client = browser(operator)
    search = client.get("/console/search/", {"q": buyer.email}).content.decode()
    assert f'href="/console/buyers/{buyer.id}/"' in search
    page = client.get(f"/console/buyers/{buyer.id}/")
    assert page.status_code == 200
    assert [o.number for o in page.context["o"].orders] == [order.number]
    html = page.content.decode()
    assert order.number in html and "No guarantee claims." in html
    assert client.get("/console/buyers/999999/").status_code == 404


def test_an_erasure_shows_in_the_privacy_section(operator):
    gone = UserFactory()
    person_erase(user=gone, actor=operator)
    page = browser(operator).get(f"/console/buyers/{gone.id}/")
    assert page.status_code == 200
    assert [entry.action for entry in page.context["o"].privacy] == ["account.deleted"]
    assert "account.deleted" in page.content.decode()
    assert "This buyer has not ordered anything yet." in page.content.decode()


def test_the_buyer_page_is_for_operators_only(shop):  # noqa: F811
    buyer = shop["buyer"]
    before = row_counts()
    for user in (buyer, shop["alpha_owner"], UserFactory()):
        assert browser(user).get(f"/console/buyers/{buyer.id}/").status_code == 404
    assert browser().get(f"/console/buyers/{buyer.id}/").status_code == 302
    assert row_counts() == before
