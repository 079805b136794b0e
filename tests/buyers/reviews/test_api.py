"""Reviews API: who may review what, once; answers once; votes; reports; exact averages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from buyers.reviews.models import Review
from moderation.models import Notice, StatementOfReasons
from moderation.scorecards import vendor_scorecard
from moderation.targets import target_kind, target_load
from tests.buyers.reviews.conftest import all_counts, image_bytes, review_by
from tests.conftest import client_for
from tests.factories import UserFactory, make_offer, make_vendor
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db


def post_review(user, line_id, **extra):
    return client_for(user).post(
        "/api/reviews/", {"order_line": line_id, "stars": 4, "text": "Sitzt gut.", **extra}, format="json"
    )


# --------------------------------------------------------------------------- who may review what


def test_only_delivered_lines_are_reviewable(shop):
    erika, max_ = client_for(shop["erika"]), client_for(shop["max"])
    listed = erika.get("/api/reviews/reviewable/").json()
    assert [line["order_line_id"] for line in listed["lines"]] == [shop["line"].id]
    assert [part["vendor_order_id"] for part in listed["vendor_orders"]] == [shop["part"].id]
    assert max_.get("/api/reviews/reviewable/").json() == {"lines": [], "vendor_orders": []}

    created = post_review(shop["erika"], shop["line"].id, title="Guter Helm")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["stars"], body["title"], body["kind"], body["product_id"]) == (
        4,
        "Guter Helm",
        "product",
        shop["product_id"],
    )
    assert body["author"] == "Erika M." and body["verified_purchase"] is True
    assert erika.get("/api/reviews/reviewable/").json()["lines"] == []


def test_no_review_before_delivery_and_nothing_changes(shop):
    before = all_counts()
    line = shop["open_part"].lines.get()
    response = post_review(shop["max"], line.id)
    assert response.status_code == 409
    assert "delivered" in response.json()["order_line"][0]
    rating = client_for(shop["max"]).post(
        "/api/ratings/", {"vendor_order": shop["open_part"].id, "stars": 5}, format="json"
    )
    assert rating.status_code == 409 and "vendor_order" in rating.json()
    assert all_counts() == before


def test_another_buyers_line_is_missing_and_a_second_review_is_refused(shop):
    before = all_counts()
    foreign = post_review(shop["max"], shop["line"].id)
    missing = post_review(shop["max"], 2_000_000_000)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert (
        client_for(shop["max"])
        .post("/api/ratings/", {"vendor_order": shop["part"].id, "stars": 1}, format="json")
        .status_code
        == 404
    )
    assert all_counts() == before

    assert post_review(shop["erika"], shop["line"].id).status_code == 201
    after_first = all_counts()
    twice = post_review(shop["erika"], shop["line"].id, stars=1)
    assert twice.status_code == 409
    assert "one review" in twice.json()["order_line"][0]
    assert all_counts() == after_first


@pytest.mark.parametrize(
    "data, field",
    [
        ({"stars": 6}, "stars"),
        ({"stars": 0}, "stars"),
        ({"stars": "viele"}, "stars"),
        ({"title": "x" * 121}, "title"),
        ({"text": "x" * 5001}, "text"),
        ({"order_line": "abc"}, "order_line"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(shop, data, field):
    before = all_counts()
    response = post_review(shop["erika"], shop["line"].id, **data)
    assert response.status_code == 400
    assert field in response.json()
    assert all_counts() == before


def test_photos_are_checked_by_content_and_reencoded(shop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api = client_for(shop["erika"])
    before = all_counts()
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    refused = api.post(
        "/api/reviews/", {"order_line": shop["line"].id, "stars": 5, "photos": [fake]}, format="multipart"
    )
    assert refused.status_code == 400 and "photos" in refused.json()
    too_many = [SimpleUploadedFile(f"p{i}.png", image_bytes(), content_type="image/png") for i in range(6)]
    refused = api.post(
        "/api/reviews/", {"order_line": shop["line"].id, "stars": 5, "photos": too_many}, format="multipart"
    )
    assert refused.status_code == 400 and "5" in refused.json()["photos"][0]
    assert all_counts() == before

    photos = [
        SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png"),
        SimpleUploadedFile("b.webp", image_bytes("WEBP", (400, 300)), content_type="image/webp"),
    ]
    created = api.post(
        "/api/reviews/", {"order_line": shop["line"].id, "stars": 5, "photos": photos}, format="multipart"
    )
    assert created.status_code == 201, created.content
    stored = Review.objects.get(id=created.json()["id"]).photos.all()
    assert len(stored) == 2
    for photo in stored:
        assert photo.image.name.endswith(".jpg") and "a.png" not in photo.image.name
        with Image.open(photo.image.path) as image:
            assert image.format == "JPEG"
    assert [p["width"] for p in created.json()["photos"]] == [300, 400]


def test_seller_rating_once_per_vendor_order(shop):
    api = client_for(shop["erika"])
    first = api.post("/api/ratings/", {"vendor_order": shop["part"].id, "stars": 2, "text": "Spät."}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["kind"] == "seller" and first.json()["product_id"] is None
    again = api.post("/api/ratings/", {"vendor_order": shop["part"].id, "stars": 5}, format="json")
    assert again.status_code == 409 and "vendor_order" in again.json()
    # Rating the seller does not use up the product review, nor the other way round.
    assert post_review(shop["erika"], shop["line"].id).status_code == 201


# --------------------------------------------------------------------------- the seller's answer


def test_vendor_answers_once_with_owner_or_manager_role(shop):
    review = post_review(shop["erika"], shop["line"].id).json()
    url = f"/api/seller/reviews/{review['id']}/answer/"
    fulfilment, manager = UserFactory(), UserFactory()
    vendor_member_add(vendor=shop["vendor"], user=fulfilment, role="fulfilment")
    vendor_member_add(vendor=shop["vendor"], user=manager, role="manager")
    _, other_owner = make_vendor(name="Beta")

    assert client_for(other_owner).post(url, {"text": "Danke!"}, format="json").status_code == 404
    assert client_for(fulfilment).post(url, {"text": "Danke!"}, format="json").status_code == 403
    assert client_for(manager).post(url, {"text": ""}, format="json").status_code == 400
    answered = client_for(manager).post(url, {"text": "Danke für die Bewertung!"}, format="json")
    assert answered.status_code == 200 and answered.json()["answer"] == "Danke für die Bewertung!"
    before = all_counts()
    again = client_for(shop["owner"]).post(url, {"text": "Noch einmal"}, format="json")
    assert again.status_code == 409 and "text" in again.json()
    assert Review.objects.get(id=review["id"]).answer == "Danke für die Bewertung!"
    assert all_counts() == before

    public = client_for(shop["max"]).get(f"/api/products/{shop['product_id']}/reviews/").json()["results"]
    assert public[0]["answer"] == "Danke für die Bewertung!"
    own = client_for(fulfilment).get("/api/seller/reviews/?unanswered=1").json()
    assert own["count"] == 0
    assert client_for(other_owner).get("/api/seller/reviews/").json()["count"] == 0


# --------------------------------------------------------------------------- votes and reports


def test_helpful_votes_one_per_user_never_on_ones_own(shop):
    review_id = post_review(shop["erika"], shop["line"].id).json()["id"]
    url = f"/api/reviews/{review_id}/vote/"
    assert client_for(shop["erika"]).post(url).status_code == 403
    assert client_for(shop["max"]).post(url).status_code == 201
    assert client_for(shop["max"]).post(url).status_code == 409
    assert client_for(UserFactory()).post(url).status_code == 201
    listed = client_for(shop["max"]).get(f"/api/products/{shop['product_id']}/reviews/").json()
    assert listed["results"][0]["helpful_count"] == 2
    assert client_for(shop["max"]).delete(url).status_code == 204
    assert client_for(shop["max"]).delete(url).status_code == 404
    assert (
        client_for(shop["max"])
        .get(f"/api/products/{shop['product_id']}/reviews/")
        .json()["results"][0]["helpful_count"]
        == 1
    )


REPORT = {
    "category": "illegal_speech",
    "explanation": "Der Text beleidigt einen Mitarbeiter namentlich.",
    "good_faith": True,
}


def test_a_report_enters_the_moderation_queue_and_the_decision_hides_the_review(shop, operator):
    from moderation.services.notices import notice_decide

    review_id = post_review(shop["erika"], shop["line"].id).json()["id"]
    url = f"/api/reviews/{review_id}/report/"
    assert client_for(shop["erika"]).post(url, REPORT, format="json").status_code == 403
    before = all_counts()
    for bad, field in (
        ({"category": "nonsense"}, "category"),
        ({"explanation": "zu kurz"}, "explanation"),
        ({"good_faith": False}, "good_faith"),
    ):
        refused = client_for(shop["max"]).post(url, {**REPORT, **bad}, format="json")
        assert refused.status_code == 400 and field in refused.json(), refused.json()
    assert all_counts() == before
    reported = client_for(shop["max"]).post(url, REPORT, format="json")
    assert reported.status_code == 201
    notice = Notice.objects.get(reference=reported.json()["reference"])
    assert (notice.target_kind, notice.target_id, notice.vendor_id) == ("review", review_id, shop["vendor"].id)
    assert notice.url == f"http://testserver/p/{shop['product_id']}/?review={review_id}#review-{review_id}"

    # The moderation target "review": what the queue sees; acting on the notice hides the review.
    target = target_load("review", review_id)
    assert (target.vendor_id, target.author_user_id) == (shop["vendor"].id, shop["erika"].id)
    assert target.url.startswith(f"/p/{shop['product_id']}/")
    notice_decide(
        actor=operator,
        notice_id=notice.id,
        action=True,
        reason="Beleidigung",
        ground="illegal",
        ground_detail="§ 185 StGB",
    )
    statement = StatementOfReasons.objects.get(notice=notice)
    assert statement.recipient_id == shop["erika"].id
    public = f"/api/products/{shop['product_id']}/reviews/"
    assert client_for(shop["max"]).get(public).json()["count"] == 0
    assert client_for(shop["max"]).post(f"/api/reviews/{review_id}/vote/").status_code == 404
    assert client_for(shop["max"]).get(f"/api/products/{shop['product_id']}/rating/").json()["count"] == 0
    target_kind("review").restore(review_id)
    assert client_for(shop["max"]).get(public).json()["count"] == 1


# --------------------------------------------------------------------------- averages


def test_averages_are_exact_sums_and_distributions(shop):
    vendor, owner, offer = shop["vendor"], shop["owner"], shop["offer"]
    for stars, seller_stars in ((5, 5), (4, 2), (4, 1)):
        review_by(UserFactory(), offer, vendor, owner, stars=stars, seller_stars=seller_stars)
    api = client_for(shop["max"])
    rating = api.get(f"/api/products/{shop['product_id']}/rating/").json()
    assert rating == {
        "count": 3,
        "stars_sum": 13,
        "average": "4.3",
        "distribution": {"5": 1, "4": 2, "3": 0, "2": 0, "1": 0},
    }
    seller = api.get(f"/api/sellers/{vendor.id}/rating/").json()
    assert (seller["count"], seller["stars_sum"], seller["average"]) == (3, 8, "2.7")
    listed = api.get(f"/api/products/{shop['product_id']}/reviews/?sort=stars_asc&limit=2").json()
    assert listed["count"] == 3 and [r["stars"] for r in listed["results"]] == [4, 4] and listed["next"]
    assert [r["stars"] for r in api.get(f"/api/products/{shop['product_id']}/reviews/?stars=5").json()["results"]] == [
        5
    ]
    assert api.get(f"/api/products/{shop['product_id']}/reviews/?stars=9").status_code == 400
    assert api.get(f"/api/sellers/{vendor.id}/ratings/").json()["count"] == 3


def test_half_averages_round_up_for_display_only(shop):
    for stars in (4, 5, 4, 4):  # 17 / 4 = 4.25
        review_by(UserFactory(), shop["offer"], shop["vendor"], shop["owner"], stars=stars)
    rating = client_for(shop["max"]).get(f"/api/products/{shop['product_id']}/rating/").json()
    assert (rating["stars_sum"], rating["count"], rating["average"]) == (17, 4, "4.3")


def test_unapproved_products_and_sellers_have_no_public_reviews(shop, category):
    vendor, owner = make_vendor(name="Neu", approved=False)
    pending = make_offer(
        vendor=shop["vendor"], owner=shop["owner"], category=category, title="Neuheit", moderated=False
    )
    api = client_for(shop["max"])
    assert api.get(f"/api/products/{pending.product_id}/reviews/").status_code == 404
    assert api.get(f"/api/sellers/{vendor.id}/rating/").status_code == 404
    assert api.get("/api/products/2000000000/rating/").status_code == 404


# --------------------------------------------------------------------------- the scorecard


def test_negative_seller_ratings_are_order_defects_and_the_average_is_measured(shop):
    vendor, owner, offer = shop["vendor"], shop["owner"], shop["offer"]
    review_by(UserFactory(), offer, vendor, owner, stars=5, seller_stars=2)
    review_by(UserFactory(), offer, vendor, owner, stars=5, seller_stars=5)
    review_by(UserFactory(), offer, vendor, owner, stars=5, seller_stars=4)
    card = vendor_scorecard(vendor_id=vendor.id)
    assert card.windows[90].defects_by_source["negative_rating"] == 1
    measure = card.measures["average_rating"]
    assert (measure.numerator, measure.denominator) == (11, 3)
    # A hidden rating counts for neither.
    low = Review.objects.get(kind=Review.Kind.SELLER, stars=2)
    target_kind("review").restrict(low.id, reason="Unwahr")
    card = vendor_scorecard(vendor_id=vendor.id)
    assert card.windows[90].defects_by_source["negative_rating"] == 0
    assert (card.measures["average_rating"].numerator, card.measures["average_rating"].denominator) == (9, 2)


def test_public_list_reads_a_fixed_number_of_queries(shop, django_assert_max_num_queries, settings, tmp_path):
    """No N+1: photos, authors and helpful counts come with the page, however many reviews."""
    from buyers.reviews.services import product_review_create

    settings.MEDIA_ROOT = tmp_path
    product_review_create(
        buyer=shop["erika"],
        order_line_id=shop["line"].id,
        stars=5,
        photos=[SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")],
    )
    url = f"/api/products/{shop['product_id']}/reviews/"
    api = client_for(shop["max"])
    api.get(url)  # warm: session and content types
    with django_assert_max_num_queries(8) as one:
        assert api.get(url).json()["count"] == 1
    for stars in (3, 4, 5):
        review_by(UserFactory(), shop["offer"], shop["vendor"], shop["owner"], stars=stars)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert api.get(url).json()["count"] == 4
