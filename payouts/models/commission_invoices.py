from django.db import models


class CommissionInvoiceSequence(models.Model):
    """The platform's own invoice series (one for all vendors): the row is locked while the next
    number is taken, so numbers have no gaps (a rolled-back issue rolls the counter back too)."""

    series = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)


class CommissionInvoice(models.Model):
    """The platform's invoice to a vendor for its commission in one statement period.

    Amounts and both parties' details are fixed at issue; reverse charge (vendor in another EU
    country with a VAT ID) means no VAT is charged and the invoice says who owes the tax."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField()
    period_to = models.DateField()  # inclusive
    currency = models.CharField(max_length=3)
    sequence = models.PositiveIntegerField(unique=True)
    number = models.CharField(max_length=40, unique=True)
    net_amount = models.BigIntegerField()  # commission charged minus commission given back on refunds
    vat_rate_bps = models.PositiveIntegerField()
    vat_amount = models.BigIntegerField()
    reverse_charge = models.BooleanField(default=False)
    issuer = models.JSONField()  # the platform operator's name, address, VAT ID
    recipient = models.JSONField()  # the vendor's legal name, address, VAT ID
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "period_from", "period_to", "currency"], name="commission_invoice_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="commission_invoice_period_ordered"
            ),
        ]

    @property
    def gross_amount(self) -> int:
        return self.net_amount + self.vat_amount
