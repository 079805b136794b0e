from django.urls import path

from buyers.reviews import api

urlpatterns = [
    path("reviews/", api.ProductReviewCreateApi.as_view(), name="review-create"),
    path("reviews/reviewable/", api.ReviewableApi.as_view(), name="review-reviewable"),
    path("reviews/mine/", api.MyReviewListApi.as_view(), name="review-mine"),
    path("reviews/<int:review_id>/vote/", api.ReviewVoteApi.as_view(), name="review-vote"),
    path("reviews/<int:review_id>/report/", api.ReviewReportApi.as_view(), name="review-report"),
    path("ratings/", api.SellerRatingCreateApi.as_view(), name="seller-rating-create"),
    path("products/<int:product_id>/reviews/", api.ProductReviewListApi.as_view(), name="product-review-list"),
    path("products/<int:product_id>/rating/", api.ProductRatingApi.as_view(), name="product-rating"),
    path("sellers/<int:vendor_id>/ratings/", api.SellerRatingListApi.as_view(), name="seller-rating-list"),
    path("sellers/<int:vendor_id>/rating/", api.SellerRatingSummaryApi.as_view(), name="seller-rating-summary"),
    path("seller/reviews/", api.SellerReviewListApi.as_view(), name="seller-review-list"),
    path("seller/reviews/<int:review_id>/answer/", api.SellerReviewAnswerApi.as_view(), name="seller-review-answer"),
]
