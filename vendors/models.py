import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.money import Money


class Vendor(models.Model):
    """A seller. Its ``status`` follows the verification machine in vendors/services/onboarding.py:

    applied -> under_review -> approved | rejected | info_requested (-> under_review again);
    approved -> suspended -> (reinstated) approved.

    It can sell (``can_sell``, ``vendors.selectors.LIVE_OFFER``) only when approved and its
    Stripe connected account has payouts enabled.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNDER_REVIEW = "under_review", _("Under review")
        INFO_REQUESTED = "info_requested", _("More information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    class LegalForm(models.TextChoices):
        SOLE_TRADER = "sole_trader", _("Sole trader (Einzelunternehmen)")
        PARTNERSHIP = "partnership", _("Partnership (GbR, OHG, KG)")
        GMBH = "gmbh", _("Limited company (GmbH, UG)")
        AG = "ag", _("Stock corporation (AG)")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    legal_name = models.CharField(max_length=300)
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2)
    email = models.EmailField()
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    vat_id = models.CharField(max_length=20, blank=True)  # compact form, country prefix included
    iban = models.CharField(max_length=34, blank=True)  # compact form
    intended_categories = models.ManyToManyField("marketplace.Category", blank=True, related_name="+")
    return_policy = models.TextField(blank=True)
    # Language of the mails to the vendor (the one it applied in); empty: the shop's default.
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    # The operator's last reason (rejection, suspension) or question (information requested).
    status_reason = models.TextField(blank=True)
    # Overrides the platform commission (basis points) until commission rules exist.
    commission_bps = models.PositiveIntegerField(null=True, blank=True)
    # Stripe Connect (Express) account; the capabilities follow its account.updated webhooks.
    stripe_account_id = models.CharField(max_length=64, blank=True)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    # ``created`` of the last applied account.updated event: older events arriving late are ignored.
    stripe_account_event_created = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        # Object permissions granted per vendor through staff roles (vendors/roles.py).
        permissions = [
            ("manage_listings", "Manage products, offers, prices and stock"),
            ("fulfil_orders", "Accept and ship orders"),
            ("view_finances", "See payouts and statements"),
            ("manage_staff", "Invite and remove staff, change roles"),
            ("manage_account", "Edit the application, documents and payout account"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_account_id"], condition=~models.Q(stripe_account_id=""), name="vendor_unique_stripe_account"
            )
        ]

    @property
    def can_sell(self) -> bool:
        return self.status == self.Status.APPROVED and self.payouts_enabled

    def __str__(self) -> str:
        return self.name


class VendorMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MANAGER = "manager", _("Manager")
        FULFILMENT = "fulfilment", _("Fulfilment")
        FINANCE = "finance", _("Finance")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "id"]
        constraints = [models.UniqueConstraint(fields=["vendor", "user"], name="vendor_member_unique_user")]


def vendor_document_path(instance: "VendorDocument", filename: str) -> str:
    # Our own random name and the extension of the detected type: nothing of the upload's name
    # reaches the file system.
    return f"vendor_documents/{instance.vendor_id}/{uuid.uuid4().hex}.{instance.extension}"


class VendorDocument(models.Model):
    """A verification document (trade register extract, ID, ...), checked by content on upload.

    Stored under MEDIA_ROOT, never served directly: members and operators download it through
    the API as an attachment with its detected type.
    """

    class Kind(models.TextChoices):
        TRADE_REGISTER = "trade_register", _("Trade register extract")
        BUSINESS_REGISTRATION = "business_registration", _("Business registration (Gewerbeanmeldung)")
        IDENTITY = "identity", _("Identity document")
        VAT_CERTIFICATE = "vat_certificate", _("VAT registration")
        OTHER = "other", _("Other")

    EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    file = models.FileField(upload_to=vendor_document_path, max_length=200)
    content_type = models.CharField(max_length=50)  # detected from the bytes, one of EXTENSIONS
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)  # shown only, never used as a path
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "id"]

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class VendorInvitation(models.Model):
    """An owner's invitation to join a vendor with a role; accepted once, before it expires.

    Only the SHA-256 of the token is stored: a leaked database does not let anyone accept.
    """

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=VendorMember.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "-id"]
        constraints = [
            # One open invitation per address and vendor; re-inviting replaces (revokes) the old one.
            models.UniqueConstraint(
                fields=["vendor", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="vendor_invitation_one_open_per_email",
            )
        ]


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
