from django.conf import settings
from django.db import models


class ReceiptImport(models.Model):
    """One uploaded bank statement (CAMT.053 or CSV) with its per-transaction results."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        CAMT053 = "camt053", "CAMT.053"

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.CSV)
    # The same file twice is refused as a whole; the same transaction in another file is skipped.
    content_sha256 = models.CharField(max_length=64, null=True, blank=True, unique=True)
    statement_id = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class BankTransaction(models.Model):
    """One incoming transfer on the platform's bank account, as the statement lists it.

    Matched automatically when its Verwendungszweck names an open invoice order and the amount
    settles it; otherwise it waits for an operator (matched by hand, or returned to the sender).
    """

    class Status(models.TextChoices):
        UNMATCHED = "unmatched", "Unmatched"
        MATCHED = "matched", "Matched"
        RETURNED = "returned", "To be returned"

    # The bank's transaction id: importing the same statement twice records nothing new.
    bank_reference = models.CharField(max_length=200, unique=True)
    receipt_import = models.ForeignKey(
        ReceiptImport, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    booked_on = models.DateField()
    remittance = models.CharField(max_length=500, blank=True)  # Verwendungszweck
    debtor_name = models.CharField(max_length=140, blank=True)
    debtor_iban = models.CharField(max_length=34, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNMATCHED)
    # The order whose number the Verwendungszweck names but whose amount did not settle it.
    suggested_order = models.ForeignKey(
        "marketplace.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="bank_transaction_amount_positive")
        ]


class BankReceipt(models.Model):
    """Money for an invoice order seen on the platform's bank account.

    An order may receive several (partial payments). ``excess_amount`` is what went beyond the
    amount owed (booked as a credit to refund, see BuyerCredit); ``discount_amount`` the
    early-payment discount this receipt settled the invoice with.
    """

    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    excess_amount = models.BigIntegerField(default=0)
    discount_amount = models.BigIntegerField(default=0)
    received_on = models.DateField()
    # The bank's transaction id: importing the same statement twice records nothing new.
    bank_reference = models.CharField(max_length=200, unique=True)
    receipt_import = models.ForeignKey(
        ReceiptImport, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    bank_transaction = models.OneToOneField(
        BankTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="receipt"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="bank_receipt_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(excess_amount__gte=0, excess_amount__lte=models.F("amount"), discount_amount__gte=0),
                name="bank_receipt_excess_within_amount",
            ),
        ]

    @property
    def applied_amount(self) -> int:
        return self.amount - self.excess_amount


class BuyerCredit(models.Model):
    """Money received that nobody is owed: an over-payment, or a transfer that pays no open
    invoice. It is a liability (ledger account buyer_credits) until it is sent back."""

    class Status(models.TextChoices):
        OPEN = "open", "Refund due"
        REFUNDED = "refunded", "Refunded"

    order = models.ForeignKey("marketplace.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bank_transaction = models.ForeignKey(
        BankTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    receipt = models.OneToOneField(BankReceipt, null=True, blank=True, on_delete=models.PROTECT, related_name="credit")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=20)  # overpayment, unassigned
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    refund_reference = models.CharField(max_length=200, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="buyer_credit_amount_positive")]


class DunningNotice(models.Model):
    """One step of dunning an overdue invoice order: 1 reminder, 2 second reminder, 3 hand-over
    to collection. Each level is sent once per order (unique), with its fee booked to the buyer."""

    class Level(models.IntegerChoices):
        REMINDER = 1, "Reminder"
        SECOND_REMINDER = 2, "Second reminder"
        HANDOVER = 3, "Handed over to collection"

    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="dunning_notices")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    currency = models.CharField(max_length=3)
    fee_amount = models.BigIntegerField(default=0)
    # What was outstanding when the notice went out (fee included) and the new date to pay by.
    outstanding_amount = models.BigIntegerField()
    sent_on = models.DateField()  # the day of the run that sent it; the next level counts from it
    pay_by = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["order", "level"], name="dunning_notice_once_per_level"),
            models.CheckConstraint(condition=models.Q(fee_amount__gte=0), name="dunning_fee_not_negative"),
        ]
