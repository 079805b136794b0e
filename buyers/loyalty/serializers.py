from rest_framework import serializers


class PointsSummaryOut(serializers.Serializer):
    balance = serializers.IntegerField(help_text="Sum of the journal; never negative")
    point_value = serializers.IntegerField(help_text="Minor units one point is worth at checkout")
    currency = serializers.CharField()
    referral_code = serializers.CharField(
        help_text="Give it to a friend: both get points after their first delivered order"
    )
    referred = serializers.BooleanField(help_text="You used someone's referral code")


class PointsEntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    points = serializers.IntegerField()
    balance_after = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class ReferralClaimIn(serializers.Serializer):
    code = serializers.CharField(max_length=16, help_text="The referral code a friend gave you")


class ReferralOut(serializers.Serializer):
    referrer_code = serializers.CharField(source="referrer.referral_code")
    created_at = serializers.DateTimeField()
