"""Review pages in German and English: the order page links, the forms, the product page, the
seller page and the seller portal's answer."""

import pytest
from django.test import Client

from buyers.reviews.models import Review
from buyers.reviews.services import product_review_create, seller_rating_create
from tests.buyers.reviews.conftest import all_counts

pytestmark = pytest.mark.django_db


def browser(user=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "language, link, rate, published",
    [
        ("en", "Review Fahrradhelm", "Rate the seller Alpha", "Your review is published"),
        ("de", "Fahrradhelm bewerten", "Verkäufer Alpha bewerten", "Ihre Bewertung ist veröffentlicht"),
    ],
)
def test_buyer_reviews_from_the_order_page(shop, language, link, rate, published):
    client = browser(shop["erika"], language)
    page = client.get(f"/orders/{shop['order'].number}/").content.decode()
    assert link in page and rate in page
    url = f"/orders/{shop['order'].number}/lines/{shop['line'].id}/review/"
    form = client.get(url)
    assert form.status_code == 200
    before = all_counts()
    refused = client.post(url, {"stars": "9", "text": "Gut"})
    assert refused.status_code == 400 and all_counts() == before
    done = client.post(url, {"stars": "5", "title": "Top", "text": "Passt perfekt."}, follow=True)
    assert published in done.content.decode()
    assert Review.objects.get(order_line=shop["line"]).stars == 5
    # The link is gone; reviewing again sends the buyer back with the reason.
    assert link not in done.content.decode()
    again = client.get(url, follow=True)
    assert again.redirect_chain and Review.objects.count() == 1
    # Not delivered yet: no link, and the form refuses.
    other = browser(shop["max"], language)
    assert link not in other.get(f"/orders/{shop['open_order'].number}/").content.decode()
    line = shop["open_part"].lines.get()
    assert other.get(f"/orders/{shop['open_order'].number}/lines/{line.id}/review/").status_code == 302
    # Someone else's line: missing.
    assert other.get(url).status_code == 404

    rated = client.post(
        f"/orders/{shop['order'].number}/parts/{shop['part'].id}/rating/", {"stars": "4", "text": "Schnell"}
    )
    assert rated.status_code == 302 and Review.objects.filter(kind="seller").count() == 1


@pytest.mark.parametrize(
    "language, heading, average, answer_label",
    [
        ("en", "Customer reviews", "4.5 out of 5", "Answer from Alpha"),
        ("de", "Kundenbewertungen", "4,5 von 5", "Antwort von Alpha"),
    ],
)
def test_product_and_seller_pages_show_averages_and_reviews(shop, language, heading, average, answer_label):
    from buyers.reviews.services import review_answer
    from tests.buyers.reviews.conftest import review_by
    from tests.factories import UserFactory

    review = product_review_create(
        buyer=shop["erika"], order_line_id=shop["line"].id, stars=5, title="Sehr gut", text="Leicht."
    )
    review_by(UserFactory(first_name="Jo"), shop["offer"], shop["vendor"], shop["owner"], stars=4)
    seller_rating_create(buyer=shop["erika"], vendor_order_id=shop["part"].id, stars=4, text="Schneller Versand")
    review_answer(vendor=shop["vendor"], actor=shop["owner"], review_id=review.id, text="Danke!")
    page = browser(shop["max"], language).get(f"/p/{shop['product_id']}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert heading in html and average in html and "Sehr gut" in html and "Erika M." in html and answer_label in html

    # Votes and reports from the page.
    client = browser(shop["max"], language)
    client.post(f"/reviews/{review.id}/vote/", HTTP_REFERER=f"http://testserver/p/{shop['product_id']}/")
    assert review.votes.count() == 1
    from moderation.models import Notice

    assert "illegal_speech" in html  # the report form offers the notice categories
    client.post(
        f"/reviews/{review.id}/report/",
        {"category": "scams_fraud", "explanation": "Bezahlte Bewertung, siehe Profil.", "good_faith": "on"},
    )
    assert Notice.objects.filter(target_kind="review", target_id=review.id).count() == 1

    seller = browser(None, language).get(f"/sellers/{shop['vendor'].id}/")
    assert seller.status_code == 200
    seller_html = seller.content.decode()
    assert ("Seller rating" if language == "en" else "Verkäuferbewertung") in seller_html
    assert "Schneller Versand" in seller_html and ("4.0 out of 5" if language == "en" else "4,0 von 5") in seller_html


@pytest.mark.parametrize(
    "language, title, published",
    [
        ("en", "Reviews", "Your answer is published"),
        ("de", "Bewertungen", "Ihre Antwort ist veröffentlicht"),
    ],
)
def test_seller_answers_in_the_portal(shop, language, title, published):
    review = product_review_create(buyer=shop["erika"], order_line_id=shop["line"].id, stars=2, text="Zu klein.")
    client = browser(shop["owner"], language)
    page = client.get("/seller/reviews/")
    assert page.status_code == 200 and title in page.content.decode() and "Zu klein." in page.content.decode()
    before = all_counts()
    empty = client.post(f"/seller/reviews/{review.id}/answer/", {f"review-{review.id}-text": ""})
    assert empty.status_code == 400 and all_counts() == before
    done = client.post(
        f"/seller/reviews/{review.id}/answer/", {f"review-{review.id}-text": "Tut uns leid."}, follow=True
    )
    assert published in done.content.decode()
    review.refresh_from_db()
    assert review.answer == "Tut uns leid."
    assert (
        client.post(f"/seller/reviews/{review.id}/answer/", {f"review-{review.id}-text": "Nochmal"}).status_code == 400
    )
    review.refresh_from_db()
    assert review.answer == "Tut uns leid."
