from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from marketplace.money import Money


class Vendor(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    legal_name = models.CharField(max_length=300)
    country = models.CharField(max_length=2)
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    # Overrides the platform commission (basis points) until commission rules exist.
    commission_bps = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        # Object permissions granted per vendor through staff roles (vendors/roles.py).
        permissions = [
            ("manage_listings", "Manage products, offers, prices and stock"),
            ("fulfil_orders", "Accept and ship orders"),
            ("view_finances", "See payouts and statements"),
            ("manage_staff", "Invite and remove staff, change roles"),
        ]

    @property
    def can_sell(self) -> bool:
        return self.status == self.Status.APPROVED

    def __str__(self) -> str:
        return self.name


class VendorMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MANAGER = "manager", "Manager"
        FULFILMENT = "fulfilment", "Fulfilment"
        FINANCE = "finance", "Finance"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vendor", "user"], name="vendor_member_unique_user")]


class Product(models.Model):
    """A catalog entity in the shared catalog; many vendors may offer it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        BLOCKED = "blocked", "Blocked"

    category = models.ForeignKey("marketplace.Category", on_delete=models.PROTECT, related_name="products")
    title = models.CharField(max_length=300)  # German (the market's language)
    title_en = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    brand = models.CharField(max_length=200, blank=True)
    gtin = models.CharField(max_length=14, blank=True, db_index=True)
    attributes = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gtin"], condition=~models.Q(gtin=""), name="product_unique_gtin"
            )
        ]

    @property
    def display_title(self) -> str:
        if self.title_en and (get_language() or "de").startswith("en"):
            return self.title_en
        return self.title

    def __str__(self) -> str:
        return self.title


class Offer(models.Model):
    """One vendor's sale of one product: price, stock and condition."""

    class Condition(models.TextChoices):
        NEW = "new", "New"
        REFURBISHED = "refurbished", "Refurbished"
        USED = "used", "Used"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="offers")
    condition = models.CharField(max_length=20, choices=Condition.choices, default=Condition.NEW)
    currency = models.CharField(max_length=3)
    price_amount = models.BigIntegerField()
    stock = models.PositiveIntegerField(default=0)
    handling_days = models.PositiveSmallIntegerField(default=2)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "product", "condition"], name="offer_unique_per_vendor_condition"),
            models.CheckConstraint(condition=models.Q(price_amount__gt=0), name="offer_price_positive"),
        ]

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    def __str__(self) -> str:
        return f"{self.vendor} / {self.product} ({self.price})"
