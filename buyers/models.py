from django.conf import settings
from django.db import models


class Cart(models.Model):
    """One cart per buyer, holding offers of many vendors."""

    buyer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart")
    updated_at = models.DateTimeField(auto_now=True)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey("vendors.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="cart_item_unique_offer"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]


class BuyerProfile(models.Model):
    """What a buyer account adds to Django's user: verification and preferences."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_profile")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="de")
    deleted_at = models.DateTimeField(null=True, blank=True)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Address(models.Model):
    """An entry of a buyer's address book: a street address, a parcel locker or a pickup point."""

    class Kind(models.TextChoices):
        SHIPPING = "shipping", "Shipping"
        BILLING = "billing", "Billing"

    class Type(models.TextChoices):
        STREET = "street", "Street address"
        PARCEL_LOCKER = "parcel_locker", "Parcel locker (e.g. Packstation)"
        PICKUP = "pickup", "Click and collect at a vendor"

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SHIPPING)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.STREET)
    name = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=10)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2)
    # Parcel lockers: the locker's number and the carrier's customer number (DHL "Postnummer").
    locker_id = models.CharField(max_length=20, blank=True)
    carrier_customer_number = models.CharField(max_length=20, blank=True)
    # Click and collect: the vendor's pickup location (shipping profiles, vendors app).
    pickup_location_id = models.BigIntegerField(null=True, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "kind"], condition=models.Q(is_default=True), name="address_one_default_per_kind"
            )
        ]

    def as_snapshot(self) -> dict:
        """The address as stored on an order (orders keep a copy, not a reference)."""
        fields = ["type", "name", "company", "street", "postal_code", "city", "country", "locker_id",
                  "carrier_customer_number", "pickup_location_id"]
        return {field: getattr(self, field) for field in fields if getattr(self, field) not in ("", None)}
