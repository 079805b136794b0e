"""Service offers attached to a product (extended warranty, product protection, assembly), sold by
the product's seller or a partner vendor as their own priced order lines."""

from django.db import models


class ServiceOffer(models.Model):
    class Kind(models.TextChoices):
        WARRANTY = "warranty", "Extended warranty"
        PROTECTION = "protection", "Product protection"
        ASSEMBLY = "assembly", "Assembly service"

    provider = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="service_offers")
    product = models.ForeignKey("vendors.Product", on_delete=models.CASCADE, related_name="service_offers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    currency = models.CharField(max_length=3)
    price_amount = models.BigIntegerField()  # gross, per unit of the covered item
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_amount__gt=0), name="service_offer_price_positive"),
            models.UniqueConstraint(fields=["provider", "product", "kind"], name="service_offer_one_per_kind"),
        ]


class CartService(models.Model):
    """A service chosen for one cart item; it covers the item's quantity and leaves with it."""

    item = models.ForeignKey("buyers.CartItem", on_delete=models.CASCADE, related_name="+")
    service_offer = models.ForeignKey(ServiceOffer, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "service_offer"], name="cart_service_once_per_item")]
