"""Explicit input and output shapes of the moderation API."""

from django.utils import timezone
from rest_framework import serializers

from moderation.models import ListingCheck, ListingRule, ReasonTemplate, Report, ReviewItem


class ListingCheckOut(serializers.ModelSerializer):
    class Meta:
        model = ListingCheck
        fields = ["id", "offer_id", "code", "severity", "message", "created_at"]


class ListingRuleIn(serializers.Serializer):
    category = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=ListingRule.Kind.choices)
    params = serializers.JSONField(required=False, default=dict)
    severity = serializers.ChoiceField(choices=ListingRule.Severity.choices, default=ListingRule.Severity.WARN)
    active = serializers.BooleanField(default=True)


class ListingRuleUpdateIn(serializers.Serializer):
    params = serializers.JSONField(required=False)
    severity = serializers.ChoiceField(choices=ListingRule.Severity.choices, required=False)
    active = serializers.BooleanField(required=False)


class ListingRuleOut(serializers.ModelSerializer):
    category = serializers.IntegerField(source="category_id", allow_null=True)

    class Meta:
        model = ListingRule
        fields = ["id", "category", "kind", "params", "severity", "active", "created_at", "updated_at"]


class ReasonTemplateIn(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    text_de = serializers.CharField(max_length=2000)
    text_en = serializers.CharField(max_length=2000)


class ReasonTemplateOut(serializers.ModelSerializer):
    class Meta:
        model = ReasonTemplate
        fields = ["code", "text_de", "text_en"]


class ReviewItemOut(serializers.ModelSerializer):
    vendor = serializers.IntegerField(source="vendor_id")
    product = serializers.IntegerField(source="product_id", allow_null=True)
    offer = serializers.IntegerField(source="offer_id", allow_null=True)
    report = serializers.IntegerField(source="report_id", allow_null=True)
    claimed_by = serializers.IntegerField(source="claimed_by_id", allow_null=True)
    age_hours = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "kind",
            "status",
            "vendor",
            "product",
            "offer",
            "report",
            "summary",
            "reason",
            "claimed_by",
            "claimed_at",
            "decided_at",
            "created_at",
            "due_at",
            "age_hours",
            "overdue",
        ]

    def get_age_hours(self, item) -> int:
        end = item.decided_at or timezone.now()
        return int((end - item.created_at).total_seconds() // 3600)

    def get_overdue(self, item) -> bool:
        return item.status in ReviewItem.OPEN_STATUSES and item.due_at < timezone.now()


class DecisionIn(serializers.Serializer):
    template = serializers.SlugField(required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class BulkDecisionIn(DecisionIn):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    decision = serializers.ChoiceField(choices=["approve", "reject"])


class BulkResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ReportIn(serializers.Serializer):
    offer = serializers.IntegerField(required=False, allow_null=True, default=None)
    vendor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    details = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    email = serializers.EmailField(required=False, default="", allow_blank=True)


class ReportOut(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "reason", "details", "created_at"]


# --------------------------------------------------------------------------- scorecards, standing


class RateOut(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.CharField(
        allow_null=True, help_text="Percent with two decimals, for display; null without orders."
    )
    min_orders = serializers.IntegerField()
    counts = serializers.BooleanField(help_text="Enough orders for the rate to count for enforcement.")


class WindowOut(serializers.Serializer):
    days = serializers.IntegerField()
    since = serializers.DateField()
    orders = serializers.IntegerField()
    rates = serializers.DictField(child=RateOut())
    defects_by_source = serializers.DictField(child=serializers.IntegerField())


class NotMeasuredOut(serializers.Serializer):
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    note = serializers.CharField(
        allow_blank=True, help_text="Why there is no value: not yet measured, or no data in the window."
    )
    numerator = serializers.IntegerField(required=False, help_text="Only when the measure is registered.")
    denominator = serializers.IntegerField(required=False)


class ScorecardOut(serializers.Serializer):
    today = serializers.DateField()
    windows = serializers.DictField(child=WindowOut())
    average_rating = NotMeasuredOut()
    response_time_hours = NotMeasuredOut()


class ThresholdOut(serializers.Serializer):
    metric = serializers.CharField()
    bound = serializers.CharField()
    limit_bps = serializers.IntegerField()
    window_days = serializers.IntegerField()
    min_orders = serializers.IntegerField()
    active = serializers.BooleanField()
    is_default = serializers.BooleanField()


class ThresholdIn(serializers.Serializer):
    limit_bps = serializers.IntegerField(required=False)
    window_days = serializers.IntegerField(required=False)
    min_orders = serializers.IntegerField(required=False)
    active = serializers.BooleanField(required=False)


class BreachOut(serializers.Serializer):
    metric = serializers.CharField()
    days = serializers.IntegerField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.CharField()
    bound = serializers.CharField()
    limit_bps = serializers.IntegerField()


class StandingOut(serializers.Serializer):
    vendor = serializers.IntegerField(source="vendor_id")
    level = serializers.IntegerField()
    level_name = serializers.CharField(source="get_level_display")
    breaches = BreachOut(many=True)
    metrics = serializers.JSONField(help_text="The scorecard at the last evaluation (same shape as the scorecard).")
    payouts_held_by_enforcement = serializers.BooleanField()
    suspended_by_enforcement = serializers.BooleanField()
    evaluated_at = serializers.DateTimeField(allow_null=True)
    changed_at = serializers.DateTimeField(allow_null=True)
    override_until = serializers.DateTimeField(allow_null=True)


class SellerScorecardOut(serializers.Serializer):
    scorecard = ScorecardOut()
    standing = StandingOut()
    thresholds = ThresholdOut(many=True)


class StandingReverseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    to_level = serializers.IntegerField(required=False, allow_null=True, default=None)
