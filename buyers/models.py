from django.conf import settings
from django.db import models


class Cart(models.Model):
    """One cart per buyer, holding offers of many vendors."""

    buyer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart")
    coupon = models.ForeignKey("buyers.Coupon", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey("vendors.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The price the buyer saw when adding it; the cart tells them when the offer's price changed.
    price_seen_amount = models.BigIntegerField(null=True, blank=True)
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
    # A guest: an inactive user without password or e-mail standing for one browser session, so
    # the cart, checkout and order code serve guests unchanged and each guest is its own tenant.
    # The e-mail a guest gives at checkout is kept on the order only (it stays free to register).
    is_guest = models.BooleanField(default=False)
    # A business customer (B2B): no statutory right of withdrawal; its VAT ID goes on invoices and
    # decides reverse charge (buyers.invoices). Snapshotted per order in OrderTerms.
    is_business = models.BooleanField(default=False)
    company_name = models.CharField(max_length=200, blank=True)
    vat_id = models.CharField(max_length=20, blank=True)  # compact form, country prefix included

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
        fields = [
            "type",
            "name",
            "company",
            "street",
            "postal_code",
            "city",
            "country",
            "locker_id",
            "carrier_customer_number",
            "pickup_location_id",
        ]
        return {field: getattr(self, field) for field in fields if getattr(self, field) not in ("", None)}


class Coupon(models.Model):
    """A discount code, funded by the platform or by one vendor (then it only covers that vendor's items)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", "Percentage"
        FIXED = "fixed", "Fixed amount"

    code = models.CharField(max_length=40, unique=True)  # stored upper-case
    kind = models.CharField(max_length=10, choices=Kind.choices)
    percent_bps = models.PositiveIntegerField(null=True, blank=True)
    amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    # Who pays for the discount: null = the platform; else this vendor (and only its items qualify).
    funded_by_vendor = models.ForeignKey(
        "vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="coupons"
    )
    categories = models.ManyToManyField("marketplace.Category", blank=True, related_name="+")
    min_order_amount = models.BigIntegerField(default=0)  # on the items the coupon covers
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    max_uses_per_buyer = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="percent", percent_bps__gte=1, percent_bps__lte=10_000, amount__isnull=True)
                    | models.Q(kind="fixed", amount__gte=1, percent_bps__isnull=True)
                ),
                name="coupon_percent_xor_amount",
            ),
            models.CheckConstraint(condition=models.Q(min_order_amount__gte=0), name="coupon_min_order_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code


class CouponRedemption(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order = models.OneToOneField("marketplace.Order", on_delete=models.PROTECT, related_name="coupon_redemption")
    discount_amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)


class ReturnRequest(models.Model):
    """A buyer sends items of one seller's delivered part back within the offer's return window."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        RECEIVED = "received", "Received"
        REFUNDED = "refunded", "Refunded"

    class Reason(models.TextChoices):
        DAMAGED = "damaged", "Arrived damaged"
        NOT_AS_DESCRIBED = "not_as_described", "Not as described"
        WRONG_ITEM = "wrong_item", "Wrong item"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"
        OTHER = "other", "Other"
        # A consumer's withdrawal (§ 355 BGB) needs no reason; buyers.withdrawal files it.
        WITHDRAWAL = "withdrawal", "Withdrawal (no reason needed)"

    vendor_order = models.ForeignKey("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="returns")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    comment = models.TextField(blank=True, max_length=2000)
    instructions = models.TextField(blank=True)  # from the seller on approval
    reject_reason = models.CharField(max_length=500, blank=True)
    refund_id = models.BigIntegerField(null=True, blank=True)  # payouts.Refund
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReturnLine(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("marketplace.OrderLine", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="return_line_quantity_positive")
        ]


class InvoiceSequence(models.Model):
    """The last invoice number a vendor issued; locked while the next one is taken, so numbers
    are sequential per vendor without gaps (a rolled-back issue rolls the counter back too)."""

    vendor = models.OneToOneField("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)


class Invoice(models.Model):
    """The invoice for one VendorOrder, issued in the vendor's name (the seller is the supplier).

    Numbers and the seller's details are fixed at issue: a later change of the vendor's address
    or VAT ID does not rewrite an invoice already handed out."""

    vendor_order = models.OneToOneField("marketplace.VendorOrder", on_delete=models.PROTECT, related_name="invoice")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40)
    seller = models.JSONField()  # legal name, address, VAT ID as on the day of issue
    # Name, address and (business buyers) VAT ID as on the day of issue; reverse charge decided then.
    buyer = models.JSONField(default=dict)
    reverse_charge = models.BooleanField(default=False)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sequence"], name="invoice_unique_sequence_per_vendor"),
            models.UniqueConstraint(fields=["vendor", "number"], name="invoice_unique_number_per_vendor"),
        ]


# --- Consumer rights, VAT documents, GDPR (issue 11) ------------------------------------------


class OrderTerms(models.Model):
    """What held when the order was placed: whether the buyer bought as a consumer or a business
    (decides the statutory withdrawal right and reverse charge) and which terms it accepted."""

    order = models.OneToOneField("marketplace.Order", on_delete=models.CASCADE, related_name="terms")
    buyer_is_business = models.BooleanField(default=False)
    buyer_company_name = models.CharField(max_length=200, blank=True)
    buyer_vat_id = models.CharField(max_length=20, blank=True)
    terms_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)


class WithdrawalDeclaration(models.Model):
    """A consumer's declaration of withdrawal made through the model form (Muster-Widerrufsformular);
    the items go back through the ReturnRequest it opened."""

    return_request = models.OneToOneField(ReturnRequest, on_delete=models.PROTECT, related_name="withdrawal")
    consumer_name = models.CharField(max_length=200)
    consumer_address = models.CharField(max_length=500)
    ordered_on = models.DateField()
    received_on = models.DateField()
    deadline = models.DateField()  # the last day the declaration could be sent
    declared_at = models.DateTimeField(auto_now_add=True)


class CreditNoteSequence(models.Model):
    """Credit notes are numbered per vendor like invoices, in a series of their own."""

    vendor = models.OneToOneField("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)


class CreditNote(models.Model):
    """The correcting document for one refund (Rechnungskorrektur / Gutschrift an den Käufer),
    referencing the invoice it corrects. Amounts are fixed at issue."""

    refund_id = models.BigIntegerField(unique=True)  # payouts.Refund (no FK: buyers does not own it)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=40)
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField()  # gross given back
    # [{"rate_bps": 1900, "gross": ..., "vat": ...}, ...]: the reversal per VAT rate.
    by_rate = models.JSONField(default=list)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "sequence"], name="credit_note_unique_sequence_per_vendor"),
            models.UniqueConstraint(fields=["vendor", "number"], name="credit_note_unique_number_per_vendor"),
        ]


class ConsentRecord(models.Model):
    """Proof of a cookie choice (GDPR Art. 7(1)): which categories, which banner version, when.
    ``consent_id`` is the value of the consent cookie, so a choice made before login still counts."""

    consent_id = models.CharField(max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    categories = models.JSONField(default=list)  # granted non-essential categories, e.g. ["analytics"]
    version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
