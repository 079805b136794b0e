from django.db import models


class Shipment(models.Model):
    """A parcel a seller sent for (part of) a VendorOrder, with the carrier's tracking."""

    vendor_order = models.ForeignKey("marketplace.VendorOrder", on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=20)
    tracking_number = models.CharField(max_length=40)
    tracking_url = models.URLField(max_length=300)
    shipped_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_number"], name="shipment_unique_tracking_number")
        ]


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("marketplace.OrderLine", on_delete=models.PROTECT, related_name="shipment_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="shipment_line_quantity_positive")
        ]
