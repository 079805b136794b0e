"""Explicit input and output shapes of the notice-and-action API."""

from rest_framework import serializers

from moderation.models import Appeal, Notice, StatementOfReasons

SOR = StatementOfReasons


class NoticeIn(serializers.Serializer):
    url = serializers.CharField(max_length=1000, help_text="The address (https://...) where the content is shown.")
    category = serializers.ChoiceField(choices=Notice.Category.choices)
    explanation = serializers.CharField(
        max_length=5000, help_text="Why the content is illegal (at least 20 characters)."
    )
    name = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=200,
        help_text="Required except for child sexual abuse material.",
    )
    email = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=254,
        help_text="Required except for child sexual abuse material.",
    )
    good_faith = serializers.BooleanField(
        help_text="The notifier believes in good faith that the notice is accurate and complete."
    )
    target_kind = serializers.ChoiceField(
        choices=["offer", "vendor", "review"], required=False, allow_null=True, default=None
    )
    target_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class NoticeReceiptOut(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["reference", "status", "target_kind", "target_label", "category", "created_at"]


class NoticeOut(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = [
            "id",
            "reference",
            "status",
            "target_kind",
            "target_id",
            "target_label",
            "url",
            "vendor",
            "category",
            "explanation",
            "notifier",
            "notifier_name",
            "notifier_email",
            "manifestly_unfounded",
            "decision_reason",
            "decided_by",
            "decided_at",
            "created_at",
        ]


class NoticeDecisionIn(serializers.Serializer):
    action = serializers.BooleanField(help_text="true: restrict the content (statement of reasons); false: no action.")
    reason = serializers.CharField(max_length=5000)
    ground = serializers.ChoiceField(choices=SOR.Ground.choices, required=False, default="")
    ground_detail = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    manifestly_unfounded = serializers.BooleanField(required=False, default=False)


class AppealOut(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "statement", "status", "text", "decision_reason", "decided_at", "created_at"]


class StatementOut(serializers.ModelSerializer):
    appeal = AppealOut(read_only=True, allow_null=True, default=None)
    appeal_deadline = serializers.SerializerMethodField()

    class Meta:
        model = SOR
        fields = [
            "id",
            "reference",
            "target_kind",
            "target_id",
            "target_label",
            "restriction",
            "scope",
            "ends_at",
            "facts",
            "ground",
            "ground_detail",
            "source",
            "automated_detection",
            "automated_decision",
            "outcome",
            "revised_at",
            "created_at",
            "appeal_deadline",
            "appeal",
        ]

    def get_appeal_deadline(self, statement) -> str:
        from moderation.services.appeals import appeal_deadline

        return appeal_deadline(statement).isoformat()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not hasattr(instance, "appeal"):
            data["appeal"] = None
        return data


class OperatorStatementOut(StatementOut):
    class Meta(StatementOut.Meta):
        fields = [*StatementOut.Meta.fields, "vendor", "recipient", "decided_by", "notice"]


class AppealIn(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="Why the decision is wrong (at least 10 characters).")


class OperatorAppealOut(serializers.ModelSerializer):
    statement = OperatorStatementOut(read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "status",
            "text",
            "appellant",
            "original_decider",
            "decided_by",
            "decision_reason",
            "decided_at",
            "created_at",
            "statement",
        ]


class AppealDecisionIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[Appeal.Status.CONFIRMED, Appeal.Status.REVERSED])
    reason = serializers.CharField(max_length=5000)


class RepeatOffenderOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    upheld = serializers.IntegerField(help_text="Notices acted upon in the window.")
    repeat = serializers.BooleanField()


class AbusiveNotifierOut(serializers.Serializer):
    email = serializers.CharField()
    unfounded = serializers.IntegerField()
    abusive = serializers.BooleanField()
    suspended_until = serializers.DateTimeField(allow_null=True)


class NotifierSuspendIn(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    reason = serializers.CharField(max_length=2000)
    days = serializers.IntegerField(required=False, allow_null=True, default=None)


class NotifierSuspensionOut(serializers.Serializer):
    email = serializers.CharField()
    until = serializers.DateTimeField()
    unfounded_count = serializers.IntegerField()


class TransparencyOut(serializers.Serializer):
    year = serializers.IntegerField()
    notices = serializers.JSONField()
    actions = serializers.JSONField()
    appeals = serializers.JSONField()
    notifier_suspensions = serializers.IntegerField()
