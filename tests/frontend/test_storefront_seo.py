"""What search engines and the autocomplete script read: JSON-LD, sitemap, robots.txt, the
search box's suggestion endpoint."""

import json
import re
from xml.etree import ElementTree

import pytest

from tests.factories import CategoryFactory, make_offer, make_vendor
from tests.frontend.test_pages import browser, shop  # noqa: F401 (fixture)
from vendors.models import Offer

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_product_page_carries_product_structured_data(shop):  # noqa: F811
    offer = shop["alpha_offer"]
    data = _json_ld(browser().get(f"/p/{offer.product_id}/").content.decode())
    assert data["@type"] == "Product" and data["name"] == "Wireless headphones Silence"
    assert data["url"] == f"http://testserver/p/{offer.product_id}/"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "129.99",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": {"@type": "Organization", "name": "Alpha"},
        "url": data["url"],
    }


def test_several_offers_become_an_aggregate_offer_and_markup_cannot_escape(shop):  # noqa: F811
    gamma, gamma_owner = make_vendor(name="Gamma </script><b>")
    product_id = shop["alpha_offer"].product_id
    # Gamma joins the same catalog product, its offer sold out.
    make_offer(vendor=gamma, owner=gamma_owner, category=shop["category"], product_id=product_id, price=9950, stock=0)
    html = browser().get(f"/p/{product_id}/").content.decode()
    assert "</script><b>" not in html.split('application/ld+json">', 1)[1].split("</script>", 1)[0]
    offers = _json_ld(html)["offers"]
    assert (offers["@type"], offers["lowPrice"], offers["highPrice"], offers["offerCount"]) == (
        "AggregateOffer",
        "99.50",
        "129.99",
        2,
    )
    by_seller = {o["seller"]["name"]: o["availability"] for o in offers["offers"]}
    assert by_seller == {"Alpha": "https://schema.org/InStock", "Gamma </script><b>": "https://schema.org/OutOfStock"}


def test_sitemap_lists_buyable_products_and_categories(shop):  # noqa: F811
    index = browser().get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    sections = [loc.text for loc in ElementTree.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert sections == ["http://testserver/sitemap-products.xml", "http://testserver/sitemap-categories.xml"]
    # A product whose only offer is paused is not for sale: not in the sitemap.
    Offer.objects.filter(id=shop["beta_offer"].id).update(status=Offer.Status.PAUSED)
    products = browser().get("/sitemap-products.xml")
    locations = [loc.text for loc in ElementTree.fromstring(products.content).findall("s:url/s:loc", SITEMAP_NS)]
    assert locations == [f"http://testserver/p/{shop['alpha_offer'].product_id}/"]
    categories = browser().get("/sitemap-categories.xml")
    assert f"http://testserver/search/?category={shop['category'].id}" in categories.content.decode()
    assert browser().get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(db):
    response = browser().get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    for path in ("/seller/", "/console/", "/cart/", "/account/", "/api/"):
        assert f"Disallow: {path}" in text
    assert "Disallow: /p/" not in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_search_box_names_a_working_suggestion_endpoint(shop):  # noqa: F811
    html = browser().get("/").content.decode()
    assert 'src="/static/common/autocomplete.js"' in html
    endpoint = re.search(r'data-autocomplete="([^"]+)"', html).group(1)
    product_url = re.search(r'data-product-url="([^"]+)"', html).group(1)
    assert product_url == "/p/0/"
    suggestions = browser().get(endpoint, {"q": "funk", "size": 6}).json()
    assert [p["id"] for p in suggestions["products"]] == [shop["alpha_offer"].product_id]
    # Without the script the same box is a plain GET form to the search page.
    assert re.search(r'<form method="get" action="/search/"', html)
    CategoryFactory()  # the page still renders with more categories than products
    assert browser().get("/").status_code == 200
