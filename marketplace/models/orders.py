from django.conf import settings
from django.db import models

from marketplace.money import Money


class Order(models.Model):
    """What the buyer placed and pays once; split into one VendorOrder per seller."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", "Pending payment"
        PLACED = "placed", "Placed"
        CANCELLED = "cancelled", "Cancelled"

    class PaymentMethod(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CARD = "card", "Card"

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"

    number = models.CharField(max_length=32, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    currency = models.CharField(max_length=3)
    items_total_amount = models.BigIntegerField()
    # Coupon discount on the whole order (allocated to lines), and the VAT included in the total.
    discount_amount = models.BigIntegerField(default=0)
    coupon_code = models.CharField(max_length=40, blank=True)
    vat_amount = models.BigIntegerField(default=0)
    # Shipping charged by the sellers (sum over the VendorOrders); its VAT is part of vat_amount.
    shipping_amount = models.BigIntegerField(default=0)
    total_amount = models.BigIntegerField()
    shipping_address = models.JSONField()
    payment_due_date = models.DateField(null=True, blank=True)
    # Payment state, written only by payouts.services (webhooks, bank receipts).
    payment_status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    # One PaymentIntent per card order (Stripe "separate charges and transfers").
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Invoice terms: paying by this date lets the buyer deduct this share (B2B "Skonto").
    early_payment_discount_bps = models.PositiveIntegerField(default=0)
    early_payment_discount_until = models.DateField(null=True, blank=True)
    # Client-supplied key that makes placing the order idempotent per buyer.
    idempotency_key = models.CharField(max_length=100)
    # What was asked under that key (buyers.services.checkout_place): SHA-256 of the checkout's
    # parameters and of the cart at placement. A repeat with other parameters or another
    # (non-empty) cart is refused with 422. Blank on orders placed before they were recorded.
    request_fingerprint = models.CharField(max_length=64, blank=True, default="")
    cart_fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Loyalty (buyers.loyalty): points redeemed at checkout and the platform-funded discount they
    # bought, which is part of discount_amount (allocated to the lines like a platform coupon).
    points_redeemed = models.PositiveIntegerField(default=0)
    points_discount_amount = models.BigIntegerField(default=0)
    # The buyer asked for fewer shipments (bundle bonus in points once delivered).
    bundle_shipments = models.BooleanField(default=False)
    # Add-ons (buyers.addons): the CO2 compensation contribution, on top of items and shipping;
    # it belongs to no seller and is booked to its own ledger account.
    co2_amount = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "idempotency_key"], name="order_unique_idempotency_key"),
            models.CheckConstraint(condition=models.Q(total_amount__gte=0), name="order_total_not_negative"),
            models.CheckConstraint(condition=models.Q(shipping_amount__gte=0), name="order_shipping_not_negative"),
            models.CheckConstraint(
                condition=models.Q(
                    total_amount=models.F("items_total_amount")
                    - models.F("discount_amount")
                    + models.F("shipping_amount")
                    + models.F("co2_amount")
                ),
                name="order_total_is_items_minus_discount_plus_shipping_plus_co2",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    points_discount_amount__gte=0, points_discount_amount__lte=models.F("discount_amount")
                ),
                name="order_points_discount_within_discount",
            ),
            models.CheckConstraint(condition=models.Q(co2_amount__gte=0), name="order_co2_not_negative"),
            models.UniqueConstraint(
                fields=["payment_intent_id"],
                condition=~models.Q(payment_intent_id=""),
                name="order_unique_payment_intent",
            ),
        ]

    @property
    def total(self) -> Money:
        return Money(self.total_amount, self.currency)

    @property
    def items_total(self) -> Money:
        return Money(self.items_total_amount, self.currency)

    @property
    def discount(self) -> Money:
        return Money(self.discount_amount, self.currency)

    @property
    def vat(self) -> Money:
        return Money(self.vat_amount, self.currency)

    @property
    def shipping(self) -> Money:
        return Money(self.shipping_amount, self.currency)

    @property
    def points_discount(self) -> Money:
        return Money(self.points_discount_amount, self.currency)

    @property
    def co2(self) -> Money:
        return Money(self.co2_amount, self.currency)

    def __str__(self) -> str:
        return self.number


class VendorOrder(models.Model):
    """One seller's part of an Order: what it fulfils, ships and is paid for."""

    class Status(models.TextChoices):
        # open -> accepted -> partially_shipped -> shipped -> delivered; cancelled before shipping.
        OPEN = "open", "Placed"
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY_SHIPPED = "partially_shipped", "Partially shipped"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="vendor_orders")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="vendor_orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    currency = models.CharField(max_length=3)
    items_amount = models.BigIntegerField()
    # Coupon discount on this vendor's lines; the part the platform funds does not reduce the payable.
    discount_amount = models.BigIntegerField(default=0)
    platform_discount_amount = models.BigIntegerField(default=0)
    vat_amount = models.BigIntegerField(default=0)  # VAT included in items - discount + shipping
    # What the seller charges for shipping this part (its shipping profile; zero for click and
    # collect or a seller without a profile) and the VAT included in it (part of vat_amount).
    shipping_amount = models.BigIntegerField(default=0)
    shipping_vat_amount = models.BigIntegerField(default=0)
    # Click and collect: the seller's pickup location (vendors.PickupLocation id; no foreign key,
    # the order keeps a copy of the address in pickup_address should the location be removed).
    pickup_location_id = models.BigIntegerField(null=True, blank=True)
    pickup_address = models.JSONField(default=dict, blank=True)
    commission_amount = models.BigIntegerField()
    # VAT the platform charges on its commission (payouts.commissions), withheld from the seller.
    commission_vat_amount = models.BigIntegerField(default=0)
    # What the seller is owed for this part at placement: items - seller-funded discount + shipping
    # - commission - VAT on commission. Shipping goes to the seller whole: the seller ships the
    # parcel and pays the carrier, so commission is charged on the items only (README, Decisions).
    payable_amount = models.BigIntegerField()
    # Card processing fee passed on to this seller (fee policy "vendors"); set when paid.
    fee_amount = models.BigIntegerField(default=0)
    # Start of the payout hold period (payouts.selectors.vendor_available_balances).
    delivered_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)  # first shipment
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=20, blank=True)  # buyer, vendor or operator
    cancel_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "vendor"], name="vendor_order_unique_vendor"),
            models.CheckConstraint(
                condition=models.Q(
                    payable_amount=models.F("items_amount")
                    - (models.F("discount_amount") - models.F("platform_discount_amount"))
                    + models.F("shipping_amount")
                    - models.F("commission_amount")
                    - models.F("commission_vat_amount")
                ),
                name="vendor_order_payable_is_net_of_discount_plus_shipping",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    shipping_amount__gte=0,
                    shipping_vat_amount__gte=0,
                    shipping_vat_amount__lte=models.F("shipping_amount"),
                ),
                name="vendor_order_shipping_vat_within_shipping",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    platform_discount_amount__gte=0, platform_discount_amount__lte=models.F("discount_amount")
                ),
                name="vendor_order_platform_discount_within_discount",
            ),
        ]

    @property
    def total_amount(self) -> int:
        """What the buyer pays for this part: items - discount + shipping."""
        return self.items_amount - self.discount_amount + self.shipping_amount

    def __str__(self) -> str:
        return f"{self.order.number}-{self.vendor_id}"


class OrderLine(models.Model):
    vendor_order = models.ForeignKey(VendorOrder, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("vendors.Offer", on_delete=models.PROTECT, related_name="+")
    product_title = models.CharField(max_length=300)
    # The variant bought ("Größe: M, Farbe: rot"; vendors.ProductVariant.label at checkout), kept as
    # text like the title so the order, mail and invoice name it even after the variant changes.
    variant_label = models.CharField(max_length=200, blank=True, default="")
    currency = models.CharField(max_length=3)
    unit_price_amount = models.BigIntegerField()
    quantity = models.PositiveIntegerField()
    line_total_amount = models.BigIntegerField()
    commission_bps = models.PositiveIntegerField()
    # Fixed part of the commission (per item sold) and the rule that applied (payouts.CommissionRule
    # id; no foreign key so the kernel does not depend on payouts; rules are end-dated, never deleted).
    commission_fixed_amount = models.BigIntegerField(default=0)
    commission_rule_id = models.BigIntegerField(null=True, blank=True)
    commission_amount = models.BigIntegerField()
    commission_vat_amount = models.BigIntegerField(default=0)
    # Coupon share of this line (what the buyer paid is line_total - discount) and its VAT.
    discount_amount = models.BigIntegerField(default=0)
    vat_rate_bps = models.PositiveIntegerField(default=0)
    vat_amount = models.BigIntegerField(default=0)
    # A service sold with the goods (buyers.addons.ServiceOffer id; no foreign key, the kernel does
    # not depend on buyers): ``offer`` is then the item it covers; the line is the provider's.
    service_offer_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(line_total_amount=models.F("unit_price_amount") * models.F("quantity")),
                name="order_line_total_is_price_times_quantity",
            ),
        ]

    @property
    def display_title(self) -> str:
        """The title with the variant bought, as the order, mail and documents name the line."""
        return f"{self.product_title} ({self.variant_label})" if self.variant_label else self.product_title


class OrderNote(models.Model):
    """An operator's internal note on an order (never shown to the buyer or the sellers). Notes
    are not edited or deleted: a correction is a new note; each one is audited."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="order_note_not_empty")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.text[:40]}"
