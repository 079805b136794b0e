"""The person's reviews in the data export; erasure deletes them (text and photos are theirs),
their helpful votes too, and re-indexes the ratings they counted in."""

from buyers.reviews.models import Review, ReviewVote
from buyers.reviews.services import _ratings_changed


def reviews_export(user) -> dict:
    reviews = Review.objects.filter(buyer=user).order_by("id")
    return {
        "reviews": [
            {
                "kind": r.kind,
                "product_id": r.product_id,
                "vendor_id": r.vendor_id,
                "stars": r.stars,
                "title": r.title,
                "text": r.text,
                "status": r.status,
                "photos": r.photos.count(),
                "answer": r.answer,
                "created_at": r.created_at.isoformat(),
            }
            for r in reviews
        ],
        "helpful_votes": list(ReviewVote.objects.filter(user=user).order_by("id").values_list("review_id", flat=True)),
    }


def reviews_erase(user) -> None:
    ReviewVote.objects.filter(user=user).delete()
    for review in Review.objects.filter(buyer=user):
        for photo in review.photos.all():
            photo.image.delete(save=False)
        _ratings_changed(review)  # averages and the index drop the review
        review.delete()
