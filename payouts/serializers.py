from rest_framework import serializers

from marketplace.money import Money
from marketplace.serializers import MoneySerializer


def money(amount: int, currency: str) -> dict:
    return MoneySerializer().to_representation(Money(amount, currency))


class WebhookOut(serializers.Serializer):
    event_id = serializers.CharField()
    status = serializers.CharField()


class OrderPaymentOut(serializers.Serializer):
    number = serializers.CharField()
    payment_method = serializers.CharField()
    payment_status = serializers.CharField()
    amount = MoneySerializer()
    client_secret = serializers.CharField(allow_blank=True, help_text="For Stripe.js confirmCardPayment (card orders)")
    publishable_key = serializers.CharField(allow_blank=True)
    payment_due_date = serializers.DateField(allow_null=True)
    early_payment_discount_until = serializers.DateField(allow_null=True)
    early_payment_amount = MoneySerializer(allow_null=True)


class BalanceOut(serializers.Serializer):
    currency = serializers.CharField()
    owed = MoneySerializer()
    available = MoneySerializer()
    frozen = MoneySerializer()
    paid_out = MoneySerializer()
    on_hold = serializers.BooleanField()
    hold_reason = serializers.CharField(allow_blank=True)


class PayoutOut(serializers.Serializer):
    id = serializers.IntegerField()
    run_id = serializers.IntegerField(allow_null=True)
    vendor_id = serializers.IntegerField()
    amount = serializers.SerializerMethodField()
    status = serializers.CharField()
    stripe_transfer_id = serializers.CharField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)

    def get_amount(self, payout) -> dict:
        return money(payout.amount, payout.currency)


class PayoutRunOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    trigger = serializers.CharField()
    currency = serializers.CharField()
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    vendors_considered = serializers.IntegerField()
    payouts = serializers.SerializerMethodField()

    def get_payouts(self, run) -> dict:
        counts = {"pending": 0, "paid": 0, "failed": 0}
        for payout in run.payouts.all():
            counts[payout.status] += 1
        return counts


class PayoutRunIn(serializers.Serializer):
    currency = serializers.CharField(min_length=3, max_length=3, required=False)


class HoldIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ReleaseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CommissionRuleIn(serializers.Serializer):
    vendor = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    category = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    rate_bps = serializers.IntegerField(min_value=0, max_value=10_000, help_text="1000 = 10 %")
    fixed = MoneySerializer(help_text="Per item sold")
    valid_from = serializers.DateTimeField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CommissionRuleOut(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_id = serializers.IntegerField(allow_null=True)
    category_id = serializers.IntegerField(allow_null=True)
    rate_bps = serializers.IntegerField()
    fixed = serializers.SerializerMethodField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()

    def get_fixed(self, rule) -> dict:
        return money(rule.fixed_amount, rule.currency)


class RefundLineIn(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1)
    amount = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None, help_text="Minor units; omit for the whole line")


class RefundIn(serializers.Serializer):
    vendor_order = serializers.IntegerField(min_value=1)
    lines = RefundLineIn(many=True, allow_empty=False)
    reason = serializers.CharField(max_length=500)


class RefundOut(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_order_id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    amount = serializers.SerializerMethodField()
    vendor_amount = serializers.SerializerMethodField()
    status = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_amount(self, refund) -> dict:
        return money(refund.amount, refund.currency)

    def get_vendor_amount(self, refund) -> dict:
        return money(refund.vendor_amount, refund.currency)


class BankReceiptIn(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text="The order number the buyer quoted")
    amount = MoneySerializer()
    received_on = serializers.DateField()
    bank_reference = serializers.CharField(max_length=200)


class BankReceiptOut(serializers.Serializer):
    id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    amount = serializers.SerializerMethodField()
    received_on = serializers.DateField()
    bank_reference = serializers.CharField()

    def get_amount(self, receipt) -> dict:
        return money(receipt.amount, receipt.currency)


class ReceiptImportIn(serializers.Serializer):
    file = serializers.FileField()


class ReceiptImportRowOut(serializers.Serializer):
    line = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["matched", "rejected"])
    reference = serializers.CharField(required=False)
    field = serializers.CharField(required=False, allow_null=True)
    message = serializers.CharField(required=False)


class ReceiptImportOut(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    matched = serializers.IntegerField()
    results = ReceiptImportRowOut(many=True)


class AdjustmentIn(serializers.Serializer):
    vendor = serializers.IntegerField(min_value=1)
    amount = MoneySerializer(help_text="Positive: the platform owes the seller more; negative: less")
    reason = serializers.CharField(max_length=500)


class EntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    reference = serializers.CharField()
    memo = serializers.CharField()
