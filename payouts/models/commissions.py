from django.conf import settings
from django.db import models


class CommissionRule(models.Model):
    """Commission = rate of the line total + a fixed amount per item, by category and/or vendor.

    The most specific valid rule wins: vendor and category, then vendor, then category (deeper
    categories before their parents), then a rule for everything. Rules are end-dated instead
    of deleted because order lines keep the id of the rule that applied.
    """

    vendor = models.ForeignKey("vendors.Vendor", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        "marketplace.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rate_bps = models.PositiveIntegerField(help_text="Basis points of the line total (1000 = 10 %)")
    fixed_amount = models.BigIntegerField(default=0, help_text="Minor units per item sold")
    currency = models.CharField(max_length=3)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_bps__lte=10_000), name="commission_rate_at_most_100_percent"
            ),
            models.CheckConstraint(condition=models.Q(fixed_amount__gte=0), name="commission_fixed_not_negative"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=models.F("valid_from")),
                name="commission_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"rule {self.id}: {self.rate_bps} bps + {self.fixed_amount} {self.currency}"
