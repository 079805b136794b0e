"""Wishlists with price-drop and back-in-stock alerts, and recently viewed products."""

from django.conf import settings
from django.db import models


class WishlistItem(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items")
    product = models.ForeignKey("vendors.Product", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # What the alert check last saw: the lowest price of a live offer in stock (None: nothing to
    # buy) and whether the product could be bought. An alert fires on a change against these, and
    # writes the new state in the same transaction, so one drop gives one alert.
    seen_price_amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    seen_available = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="wishlist_item_unique_product")]


class WishlistAlert(models.Model):
    class Kind(models.TextChoices):
        PRICE_DROP = "price_drop", "Price drop"
        BACK_IN_STOCK = "back_in_stock", "Back in stock"

    item = models.ForeignKey(WishlistItem, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    price_amount = models.BigIntegerField(null=True, blank=True)
    previous_price_amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the mail handler: a redelivered outbox row finds it set and sends nothing again.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class RecentlyViewed(models.Model):
    """Signed-in buyers' product views (guests keep theirs in the session), capped per user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("vendors.Product", on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["user", "-viewed_at"], name="recently_viewed_user_time")]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="recently_viewed_unique_product")]
