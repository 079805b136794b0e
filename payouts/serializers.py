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
    amount = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Minor units; omit for the whole line"
    )


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
    line = serializers.IntegerField(help_text="CSV line, or the transaction's position in the CAMT.053 file")
    bank_reference = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["matched", "unmatched", "duplicate", "ignored"],
        help_text="matched: booked to an order; unmatched: waits for an operator; duplicate: known from an earlier "
        "statement; ignored: an outgoing transfer",
    )
    order = serializers.CharField(
        required=False, help_text="The order booked to, or suggested by the payment reference"
    )
    message = serializers.CharField(required=False)


class ReceiptImportOut(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    format = serializers.CharField()
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


class PeriodIn(serializers.Serializer):
    date_from = serializers.DateField(help_text="First day (YYYY-MM-DD)")
    date_to = serializers.DateField(help_text="Last day, inclusive")
    currency = serializers.CharField(min_length=3, max_length=3, required=False)

    def validate(self, data):
        if data["date_to"] < data["date_from"]:
            raise serializers.ValidationError({"date_to": "date_to must not be before date_from."})
        if (data["date_to"] - data["date_from"]).days > 366 * 2:
            raise serializers.ValidationError({"date_to": "A report covers at most two years."})
        return data


class StatementIn(PeriodIn):
    output = serializers.ChoiceField(choices=["json", "csv", "pdf"], default="json")


class StatementLineOut(serializers.Serializer):
    booked_at = serializers.DateTimeField()
    kind = serializers.CharField()
    reference = serializers.CharField(help_text="Order number (or payout-<id>)")
    vendor_order_id = serializers.IntegerField(allow_null=True)
    memo = serializers.CharField()
    amount = serializers.IntegerField()
    balance = serializers.IntegerField()
    items_amount = serializers.IntegerField(allow_null=True)
    commission_amount = serializers.IntegerField(allow_null=True)
    commission_vat_amount = serializers.IntegerField(allow_null=True)


class StatementOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    currency = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    opening = serializers.IntegerField()
    closing = serializers.IntegerField()
    lines = StatementLineOut(many=True)


class ReconciliationRowOut(serializers.Serializer):
    status = serializers.CharField()
    kind = serializers.CharField()
    stripe_id = serializers.CharField()
    source = serializers.CharField()
    reference = serializers.CharField()
    stripe_amount = serializers.IntegerField(allow_null=True)
    ledger_amount = serializers.IntegerField(allow_null=True)
    stripe_fee = serializers.IntegerField(allow_null=True)
    ledger_fee = serializers.IntegerField(allow_null=True)


class ReconciliationOut(serializers.Serializer):
    mismatches = serializers.IntegerField()
    rows = ReconciliationRowOut(many=True)


class RevenueRowOut(serializers.Serializer):
    period = serializers.CharField()
    category = serializers.CharField()
    currency = serializers.CharField()
    sales = serializers.IntegerField()
    commission = serializers.IntegerField()
    commission_vat = serializers.IntegerField()
    refunded_sales = serializers.IntegerField()
    refunded_commission = serializers.IntegerField()
    net_commission = serializers.IntegerField()


class Dac7In(serializers.Serializer):
    year = serializers.IntegerField(min_value=2023, max_value=2100)
    output = serializers.ChoiceField(choices=["json", "csv"], default="json")


class Dac7RowOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    name = serializers.CharField()
    legal_name = serializers.CharField()
    country = serializers.CharField()
    vat_id = serializers.CharField()
    iban = serializers.CharField()
    quarter = serializers.IntegerField()
    currency = serializers.CharField()
    sales_count = serializers.IntegerField()
    consideration = serializers.IntegerField()
    fees_withheld = serializers.IntegerField()


class PaymentAnomalyOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    order_number = serializers.CharField(source="order.number")
    event_id = serializers.CharField(source="event.event_id")
    expected_amount = serializers.IntegerField(help_text="Minor units")
    expected_currency = serializers.CharField()
    received_amount = serializers.IntegerField(help_text="Minor units, as Stripe reported them")
    received_currency = serializers.CharField()
    detail = serializers.CharField()
    created_at = serializers.DateTimeField()
