from django.conf import settings
from django.db import models


class Dac7Notice(models.Model):
    """What the platform will report about a seller for a period (DAC7 Art. 8ac(2) DAC, § 17 PStTG:
    the seller gets the information before it goes to the tax authority). ``data`` is the snapshot
    shown on the seller's page and mailed: identity fields and the figures per quarter. One per
    seller and period; ``quarter`` 0 is the whole year."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="dac7_notices")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "vendor_id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "year", "quarter"], name="dac7_notice_once_per_period"),
            models.CheckConstraint(condition=models.Q(quarter__lte=4), name="dac7_notice_quarter_0_to_4"),
        ]
