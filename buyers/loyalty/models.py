"""Points journal: append-only entries; a buyer's balance is the sum of their entries.

Every entry also records the balance after it (``balance_after``), written while the buyer's
``LoyaltyAccount`` row is locked, so the database refuses a negative balance (check constraint)
even if a writer forgot the lock; the sum of ``points`` stays the balance (tests compare both).
"""

from django.conf import settings
from django.db import models


class LoyaltyAccount(models.Model):
    """One per buyer: the row writers lock, and the buyer's referral code."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loyalty_account")
    referral_code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"loyalty:{self.user_id}"


class PointsEntry(models.Model):
    class Kind(models.TextChoices):
        EARNED = "earned", "Earned"
        REVERSED = "reversed", "Reversed (refund)"
        REDEEMED = "redeemed", "Redeemed"
        REDEMPTION_RETURNED = "redemption_returned", "Redemption returned"
        BUNDLE_BONUS = "bundle_bonus", "Bundle bonus"
        REFERRAL_BONUS = "referral_bonus", "Referral bonus"
        EXPIRED = "expired", "Expired"

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    points = models.IntegerField()  # signed: earned > 0, redeemed/reversed < 0
    balance_after = models.IntegerField()
    # Idempotency: one entry per event ("earned:vo:12", "redeemed:order:7", ...).
    key = models.CharField(max_length=120, unique=True)
    order = models.ForeignKey("marketplace.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    vendor_order = models.ForeignKey(
        "marketplace.VendorOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(balance_after__gte=0), name="points_balance_never_negative"),
            models.CheckConstraint(condition=~models.Q(points=0), name="points_entry_not_zero"),
        ]


class Referral(models.Model):
    """The referred buyer named the referrer's code; both are rewarded once after the referred
    buyer's first delivered order (``rewarded_at``)."""

    referrer = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="referrals_made")
    referred = models.OneToOneField(LoyaltyAccount, on_delete=models.PROTECT, related_name="referred_by")
    rewarded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(referrer=models.F("referred")), name="referral_not_self"),
        ]
