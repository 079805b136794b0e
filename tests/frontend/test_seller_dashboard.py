"""The seller dashboard's offer table: paginated, searchable by title, SKU and GTIN, with the
inline price and stock edit working through htmx (only the form is swapped) and without it."""

import re

import pytest
from django.test import Client

from tests.factories import CategoryFactory, make_offer, make_vendor
from vendors.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def many():
    vendor, owner = make_vendor(name="Alpha")
    category = CategoryFactory()
    offers = [
        make_offer(
            vendor=vendor,
            owner=owner,
            category=category,
            title=f"Becher {n:02d}",
            price=1000 + n,
            stock=n,
            sku=f"BEC-{n:02d}",
        )
        for n in range(27)
    ]
    kettle = make_offer(
        vendor=vendor,
        owner=owner,
        category=category,
        title="Wasserkocher",
        title_en="Kettle",
        price=2999,
        gtin="4006381333931",
        sku="KETTLE-1",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(owner)
    return {"vendor": vendor, "client": client, "offers": offers, "kettle": kettle}


def _titles(html):
    return re.findall(r">(Becher \d\d|Wasserkocher|Kettle)<", html)


def test_offers_are_paginated(many):
    client = many["client"]
    first = client.get("/seller/").content.decode()
    second = client.get("/seller/", {"page": 2}).content.decode()
    assert len(_titles(first)) == 25 and len(_titles(second)) == 3
    assert not set(_titles(first)) & set(_titles(second))
    assert 'aria-label="Pagination"' in first or "page=2" in first


@pytest.mark.parametrize("query", ["wasserkocher", "kettle", "KETTLE-1", "4006381333931", "4006 3813 3393 1"])
def test_search_finds_an_offer_by_title_sku_or_gtin(many, query):
    html = many["client"].get("/seller/", {"q": query}).content.decode()
    assert _titles(html) in (["Wasserkocher"], ["Kettle"]), query
    assert "1 offer matches" in html


def test_a_search_without_match_answers_200_with_an_empty_state(many):
    response = many["client"].get("/seller/", {"q": "Staubsauger"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No offer matches your search" in html and not _titles(html)


def test_inline_update_with_htmx_swaps_only_the_form(many):
    kettle = many["kettle"]
    data = {"vendor": many["vendor"].id, f"offer-{kettle.id}-price": "24.50", f"offer-{kettle.id}-stock": "7"}
    response = many["client"].post(f"/seller/offers/{kettle.id}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<form id="offer-{kettle.id}-edit"') and "<html" not in html
    assert 'value="24.50"' in html and f"Offer {kettle.id} updated." in html
    assert Offer.objects.filter(id=kettle.id, price_amount=2450, stock=7).exists()
    # A bad price comes back as the same form with its error; nothing changes.
    data[f"offer-{kettle.id}-price"] = "-3"
    response = many["client"].post(f"/seller/offers/{kettle.id}/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'aria-invalid="true"' in html
    assert Offer.objects.get(id=kettle.id).price_amount == 2450


def test_inline_update_without_javascript_falls_back_to_the_full_page(many):
    kettle = many["kettle"]
    data = {"vendor": many["vendor"].id, f"offer-{kettle.id}-price": "-3", f"offer-{kettle.id}-stock": "7"}
    response = many["client"].post(f"/seller/offers/{kettle.id}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html and "There is a problem" in html
    data[f"offer-{kettle.id}-price"] = "19.99"
    response = many["client"].post(f"/seller/offers/{kettle.id}/", data)
    assert response.status_code == 302 and response["Location"] == f"/seller/?vendor={many['vendor'].id}"
    assert Offer.objects.get(id=kettle.id).price_amount == 1999
