"""Reviews API: buyers write and vote, the public reads, sellers answer. Views stay thin."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from buyers.reviews import reports, selectors, services
from buyers.reviews.models import Review
from marketplace.api import created
from marketplace.errors import NotFound
from marketplace.parsers import JSONParser
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning
from vendors.models import Product, Vendor


class ReviewPhotoOut(serializers.Serializer):
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    def get_url(self, photo) -> str:
        return photo.image.url


class ReviewOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Review.Kind.choices)
    product_id = serializers.IntegerField(allow_null=True)
    vendor_id = serializers.IntegerField()
    stars = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    author = serializers.SerializerMethodField(help_text="First name and initial; 'Buyer' without a name.")
    verified_purchase = serializers.SerializerMethodField()
    photos = ReviewPhotoOut(many=True)
    helpful_count = serializers.IntegerField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_author(self, review) -> str:
        first, last = (review.buyer.first_name or "").strip(), (review.buyer.last_name or "").strip()
        if not first:
            return _("Buyer")
        return f"{first} {last[:1]}." if last else first

    def get_verified_purchase(self, review) -> bool:
        return True  # every review comes from a delivered order line or seller part


class OwnReviewOut(ReviewOut):
    status = serializers.ChoiceField(choices=Review.Status.choices)
    order_line_id = serializers.IntegerField(allow_null=True)
    vendor_order_id = serializers.IntegerField()


class RatingSummaryOut(serializers.Serializer):
    count = serializers.IntegerField()
    stars_sum = serializers.IntegerField(help_text="Exact: the average is stars_sum / count.")
    average = serializers.DecimalField(
        max_digits=2, decimal_places=1, allow_null=True, help_text="For display, rounded half up."
    )
    distribution = serializers.DictField(
        child=serializers.IntegerField(), help_text="Stars (1-5) -> number of reviews."
    )

    def to_representation(self, summary):
        return {
            "count": summary.count,
            "stars_sum": summary.stars_sum,
            "average": None if summary.average is None else str(summary.average),
            "distribution": {str(s): n for s, n in summary.distribution.items()},
        }


class ReviewableLineOut(serializers.Serializer):
    order_number = serializers.CharField()
    vendor_order_id = serializers.IntegerField()
    order_line_id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_title = serializers.CharField()
    vendor_name = serializers.CharField()


class RateablePartOut(serializers.Serializer):
    order_number = serializers.CharField()
    vendor_order_id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()


class ReviewableOut(serializers.Serializer):
    lines = ReviewableLineOut(many=True, help_text="Delivered order lines without a product review yet.")
    vendor_orders = RateablePartOut(many=True, help_text="Delivered seller parts without a seller rating yet.")


class ProductReviewIn(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1)
    stars = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=services.MAX_TITLE, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="JPEG, PNG or WebP; re-encoded; at most REVIEWS_MAX_PHOTOS (5).",
    )


class SellerRatingIn(serializers.Serializer):
    vendor_order = serializers.IntegerField(min_value=1)
    stars = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True, default="")


class AnswerIn(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_ANSWER)


class ReportIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=reports.report_categories())
    explanation = serializers.CharField(
        max_length=5000, help_text="Why the review is illegal (at least 20 characters)."
    )
    good_faith = serializers.BooleanField(
        help_text="The notifier believes in good faith that the notice is accurate and complete."
    )


class ReportOut(serializers.Serializer):
    reference = serializers.CharField(help_text="The notice's reference, also in the acknowledgement mail.")


LIST_PARAMETERS = [
    OpenApiParameter("sort", str, enum=list(selectors.SORTS), required=False),
    OpenApiParameter("stars", int, required=False, description="Only reviews with this many stars (1-5)."),
]


def _list_options(request) -> dict:
    sort = request.query_params.get("sort", "newest")
    if sort not in selectors.SORTS:
        raise serializers.ValidationError(
            {"sort": [_("Unknown sort; allowed: %(allowed)s.") % {"allowed": ", ".join(selectors.SORTS)}]}
        )
    raw = request.query_params.get("stars")
    if raw is None or raw == "":
        return {"sort": sort, "stars": None}
    if not raw.isdigit() or not 1 <= int(raw) <= 5:
        raise serializers.ValidationError({"stars": [_("Give a whole number of stars from 1 to 5.")]})
    return {"sort": sort, "stars": int(raw)}


def _public_product(product_id: int) -> None:
    if not Product.objects.filter(id=product_id, status=Product.Status.ACTIVE).exists():
        raise NotFound(_("No such product."), field="product")


def _public_vendor(vendor_id: int) -> None:
    if not Vendor.objects.filter(id=vendor_id, status=Vendor.Status.APPROVED).exists():
        raise NotFound(_("No such seller."), field="vendor")


# --------------------------------------------------------------------------- public


class ProductReviewListApi(ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ReviewOut

    @extend_schema(parameters=LIST_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        product_id = self.kwargs["product_id"]
        _public_product(product_id)
        return selectors.review_list_public(
            product_id=product_id, user=self.request.user, **_list_options(self.request)
        )


class ProductRatingApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: RatingSummaryOut})
    def get(self, request, product_id: int):
        _public_product(product_id)
        return Response(RatingSummaryOut(selectors.product_rating_summary(product_id=product_id)).data)


class SellerRatingListApi(ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ReviewOut

    @extend_schema(parameters=LIST_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        vendor_id = self.kwargs["vendor_id"]
        _public_vendor(vendor_id)
        return selectors.review_list_public(vendor_id=vendor_id, user=self.request.user, **_list_options(self.request))


class SellerRatingSummaryApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: RatingSummaryOut})
    def get(self, request, vendor_id: int):
        _public_vendor(vendor_id)
        return Response(RatingSummaryOut(selectors.seller_rating_summary(vendor_id=vendor_id)).data)


# --------------------------------------------------------------------------- buyer


class ReviewableApi(APIView):
    @extend_schema(responses={200: ReviewableOut})
    def get(self, request):
        return Response(
            ReviewableOut(
                {
                    "lines": selectors.reviewable_lines(buyer=request.user),
                    "vendor_orders": selectors.rateable_vendor_orders(buyer=request.user),
                }
            ).data
        )


class MyReviewListApi(ListAPIView):
    serializer_class = OwnReviewOut

    def get_queryset(self):
        return selectors.review_list_for_buyer(buyer=self.request.user)


class ProductReviewCreateApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": ProductReviewIn, "application/json": ProductReviewIn},
        responses={201: OwnReviewOut},
    )
    def post(self, request):
        data = ProductReviewIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = services.product_review_create(
            buyer=request.user,
            order_line_id=values["order_line"],
            stars=values["stars"],
            title=values["title"],
            text=values["text"],
            photos=values["photos"],
        )
        return created(OwnReviewOut(selectors.review_list_for_buyer(buyer=request.user).get(id=review.id)).data)


class SellerRatingCreateApi(APIView):
    @extend_schema(request=SellerRatingIn, responses={201: OwnReviewOut})
    def post(self, request):
        data = SellerRatingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = services.seller_rating_create(
            buyer=request.user, vendor_order_id=values["vendor_order"], stars=values["stars"], text=values["text"]
        )
        return created(OwnReviewOut(selectors.review_list_for_buyer(buyer=request.user).get(id=review.id)).data)


class ReviewVoteApi(APIView):
    @extend_schema(
        request=None,
        responses={201: OpenApiResponse(description="Counted"), 204: OpenApiResponse(description="Vote taken back")},
    )
    def post(self, request, review_id: int):
        services.review_vote(user=request.user, review_id=review_id)
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, review_id: int):
        services.review_unvote(user=request.user, review_id=review_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewReportApi(APIView):
    @extend_schema(request=ReportIn, responses={201: ReportOut})
    def post(self, request, review_id: int):
        data = ReportIn(data=request.data)
        data.is_valid(raise_exception=True)
        notice = reports.review_report(
            reporter=request.user, review_id=review_id, site=request.build_absolute_uri("/"), **data.validated_data
        )
        return created({"reference": notice.reference})


# --------------------------------------------------------------------------- seller


class SellerReviewListApi(ListAPIView):
    serializer_class = OwnReviewOut

    @extend_schema(
        parameters=[
            VENDOR_HEADER,
            OpenApiParameter("kind", str, enum=list(Review.Kind.values), required=False),
            OpenApiParameter("unanswered", bool, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        kind = self.request.query_params.get("kind") or None
        if kind is not None and kind not in Review.Kind.values:
            raise serializers.ValidationError(
                {"kind": [_("Unknown kind; allowed: %(allowed)s.") % {"allowed": ", ".join(Review.Kind.values)}]}
            )
        unanswered = self.request.query_params.get("unanswered", "").lower() in {"1", "true", "yes"}
        return selectors.review_list_for_vendor(vendor=acting_vendor(self.request), kind=kind, unanswered=unanswered)


class SellerReviewAnswerApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], request=AnswerIn, responses={200: OwnReviewOut})
    def post(self, request, review_id: int):
        vendor = acting_vendor_owning(
            request,
            lookup=lambda v: selectors.review_get_for_vendor(vendor=v, review_id=review_id),
            permission="manage_listings",
        )
        data = AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_answer(vendor=vendor, actor=request.user, review_id=review_id, text=data.validated_data["text"])
        return Response(OwnReviewOut(selectors.review_list_for_vendor(vendor=vendor).get(id=review_id)).data)
