"""Double-entry ledger. Balances are sums of lines, never stored."""

from django.db import models


class Account(models.Model):
    class Kind(models.TextChoices):
        ASSET = "asset", "Asset"
        LIABILITY = "liability", "Liability"
        REVENUE = "revenue", "Revenue"
        EXPENSE = "expense", "Expense"

    # "platform_cash", "buyer_receivable", "commission_revenue", "vendor_payable:<vendor id>", ...
    code = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Set for "vendor_payable:<id>" so balances group by vendor in one query (payout runs). A plain
    # id, not a foreign key: the ledger may name a payable before or without a vendor row (imports).
    vendor_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.code


class JournalEntry(models.Model):
    """One money event. Its lines sum to zero per currency (checked in code and by a trigger)."""

    kind = models.CharField(max_length=50)
    reference = models.CharField(max_length=100, db_index=True)
    memo = models.CharField(max_length=500, blank=True)
    # One entry per money event: a retry with the same key finds the entry instead of adding one.
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    currency = models.CharField(max_length=3)
    # Signed minor units: debit positive, credit negative.
    amount = models.BigIntegerField()
    # The seller's part of an order this line belongs to: statements trace every line to its
    # order, and payout runs count it only once that part is delivered and its hold has passed.
    vendor_order = models.ForeignKey(
        "marketplace.VendorOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="journal_line_not_zero")]
