import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.models import TaxClass
from marketplace.money import Money


def vendor_logo_path(instance: "Vendor", filename: str) -> str:
    return f"vendors/{instance.id}/logo-{uuid.uuid4().hex}.jpg"


class Vendor(models.Model):
    """A seller. Its ``status`` follows the verification machine in vendors/services/onboarding.py:

    applied -> under_review -> approved | rejected | info_requested (-> under_review again);
    approved -> suspended -> (reinstated) approved.

    It can sell (``can_sell``, ``vendors.selectors.LIVE_OFFER``) only when approved, its
    Stripe connected account has payouts enabled, its trader data passed the last check
    (``trader_ok``, DSA Art. 30; see vendors/services/trader.py) and it is not closed.
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
        # Finer forms (trader traceability): which of them must be in the trade register is
        # decided in vendors/services/trader_checks.py.
        UG = "ug", _("Entrepreneurial company (UG)")
        EK = "ek", _("Registered merchant (e.K.)")
        GBR = "gbr", _("Civil-law partnership (GbR)")
        OHG = "ohg", _("General partnership (OHG)")
        KG = "kg", _("Limited partnership (KG)")

    class SellerKind(models.TextChoices):
        # A consumer (C2C) seller is no trader: Art. 30 DSA and the withdrawal right do not
        # apply, and buyers are told so on every offer (Art. 31 DSA).
        BUSINESS = "business", _("Business seller")
        CONSUMER = "consumer", _("Private seller")

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
    # The public seller page: a short text about the shop and a logo (re-encoded; both optional,
    # vendors.services.storefront_profile).
    about = models.TextField(blank=True, default="")
    logo = models.ImageField(upload_to=vendor_logo_path, blank=True)
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
    # --- trader traceability (DSA Art. 30/31), written only by vendors/services/trader.py
    seller_kind = models.CharField(max_length=10, choices=SellerKind.choices, default=SellerKind.BUSINESS)
    register_court = models.CharField(max_length=100, blank=True)  # e.g. "Amtsgericht Berlin-Charlottenburg"
    register_number = models.CharField(max_length=40, blank=True)  # e.g. "HRB 123456 B"
    # Result of the last trader check: passed, and what failed as [{"field": ..., "code": ...}]
    # (codes, not texts, so the portal shows them in the reader's language).
    trader_ok = models.BooleanField(default=False)
    trader_problems = models.JSONField(default=list, blank=True)
    trader_checked_at = models.DateTimeField(null=True, blank=True)
    # The relationship ended (no more selling); trader data is erased a retention period later.
    closed_at = models.DateTimeField(null=True, blank=True)
    trader_data_erased_at = models.DateTimeField(null=True, blank=True)
    # Holiday mode (vendors/services/holiday.py): the live offers paused until this day, and which
    # they were, so only those go live again when it ends.
    holiday_until = models.DateField(null=True, blank=True)
    holiday_paused_offer_ids = models.JSONField(default=list, blank=True)

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
                fields=["stripe_account_id"],
                condition=~models.Q(stripe_account_id=""),
                name="vendor_unique_stripe_account",
            )
        ]

    # What keeps a vendor from selling, in the order a new seller meets it; ``sell_blockers`` names
    # the unmet ones and ``can_sell`` is "none". The same conditions as SELLABLE_VENDOR in
    # vendors/selectors.py (the query form); the seller portal's checklist reads ``sell_blockers``.
    SELL_CONDITIONS = ("closed", "approval", "trader", "payouts")

    @property
    def sell_blockers(self) -> tuple[str, ...]:
        unmet = {
            "closed": self.closed_at is not None,
            "approval": self.status != self.Status.APPROVED,
            "trader": not self.trader_ok,
            "payouts": not self.payouts_enabled,
        }
        return tuple(name for name in self.SELL_CONDITIONS if unmet[name])

    @property
    def can_sell(self) -> bool:
        return not self.sell_blockers

    @property
    def is_consumer_seller(self) -> bool:
        return self.seller_kind == self.SellerKind.CONSUMER

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
    """A catalog entity in the shared catalog; many vendors may offer it.

    Fields other apps read (search, storefront):
    - ``title`` / ``title_en``, ``description`` / ``description_en``: German and English texts;
      either language may be empty, ``title_for(lang)`` / ``description_for(lang)`` fall back
      to the other one.
    - ``brand``, ``gtin`` (normalised digits), ``category``.
    - ``attributes``: ``{code: value}`` validated against the category's attribute schema
      (``marketplace.models.AttributeDefinition``); numbers are stored as numbers in the
      attribute's unit, booleans as booleans, enumerations as one of the allowed values.
    - ``variants`` (ProductVariant: ``options`` such as ``{"size": "M"}``, own ``gtin``).
    - ``images`` (ProductImage, ordered by ``position``; ``main_image`` is the one to show).
    - ``status``: only ACTIVE products are for sale; PENDING waits for moderation, REJECTED was
      refused (``moderation_reason`` says why), BLOCKED was taken down by an operator.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending moderation")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        BLOCKED = "blocked", _("Blocked")

    category = models.ForeignKey("marketplace.Category", on_delete=models.PROTECT, related_name="products")
    title = models.CharField(max_length=300, blank=True)  # German (the market's language)
    title_en = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)  # German
    description_en = models.TextField(blank=True)
    brand = models.CharField(max_length=200, blank=True)
    gtin = models.CharField(max_length=14, blank=True, db_index=True)
    attributes = models.JSONField(default=dict, blank=True)
    # VAT class of this product when it differs from its category's (empty: the category's).
    tax_class = models.CharField(max_length=20, choices=TaxClass.choices, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    moderation_reason = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["gtin"], condition=~models.Q(gtin=""), name="product_unique_gtin"),
            models.CheckConstraint(condition=~models.Q(title="", title_en=""), name="product_has_a_title"),
        ]

    def title_for(self, language: str | None = None) -> str:
        language = language or get_language() or "de"
        if language.startswith("en"):
            return self.title_en or self.title
        return self.title or self.title_en

    def description_for(self, language: str | None = None) -> str:
        language = language or get_language() or "de"
        if language.startswith("en"):
            return self.description_en or self.description
        return self.description or self.description_en

    @property
    def display_title(self) -> str:
        return self.title_for()

    @property
    def effective_tax_class(self) -> str:
        """The VAT class that prices this product: its own, else its category's."""
        return self.tax_class or self.category.tax_class

    @property
    def display_description(self) -> str:
        return self.description_for()

    @property
    def main_image(self) -> "ProductImage | None":
        images = list(self.images.all())  # uses a prefetch when there is one
        return next((i for i in images if i.is_main), images[0] if images else None)

    def __str__(self) -> str:
        return self.title or self.title_en


class Offer(models.Model):
    """One vendor's sale of one product (or one of its variants).

    ``price_amount`` + ``currency`` (``price`` as Money), ``stock``, ``condition``,
    ``handling_days``, ``sku`` (the vendor's own stock-keeping unit, unique per vendor),
    ``return_window_days`` (14, 30, 60 or 100; a private (C2C) seller may also say 0, no
    returns: business sellers owe consumers the 14-day withdrawal right), ``shipping_profile`` (None: the vendor's default
    profile), ``weight_g`` (shipping weight for by-weight rates) and ``status``. Only
    ``status == live`` offers of sellable vendors and active products are for sale
    (``vendors.selectors.LIVE_OFFER``).
    """

    class Condition(models.TextChoices):
        NEW = "new", _("New")
        REFURBISHED = "refurbished", _("Refurbished")
        USED = "used", _("Used")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending moderation")
        LIVE = "live", _("Live")
        PAUSED = "paused", _("Paused")
        SUPPRESSED = "suppressed", _("Suppressed")
        REJECTED = "rejected", _("Rejected")

    RETURN_WINDOWS = (14, 30, 60, 100)
    # Private sellers only: no returns (no statutory withdrawal right in a sale between consumers).
    NO_RETURNS = 0

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="offers")
    variant = models.ForeignKey(
        "ProductVariant", null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    sku = models.CharField(max_length=64)
    condition = models.CharField(max_length=20, choices=Condition.choices, default=Condition.NEW)
    currency = models.CharField(max_length=3)
    price_amount = models.BigIntegerField()
    stock = models.PositiveIntegerField(default=0)
    handling_days = models.PositiveSmallIntegerField(default=2)
    return_window_days = models.PositiveSmallIntegerField(
        choices=[(days, f"{days}") for days in (NO_RETURNS, *RETURN_WINDOWS)], default=14
    )
    shipping_profile = models.ForeignKey(
        "ShippingProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    weight_g = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # What a used or refurbished item looks like ("small scratch on the lid"), shown with the condition.
    condition_note = models.CharField(max_length=300, blank=True)
    # A sale (vendors/services/sales.py): from ``sale_starts_at`` to ``sale_ends_at`` buyers pay
    # ``sale_price_amount``; while it runs ``price_amount`` holds the sale price and
    # ``sale_regular_amount`` the regular one. ``sale_reference_amount`` is the lowest price of
    # the 30 days before the sale started (OfferPriceChange), the storefront's "statt" price.
    sale_price_amount = models.BigIntegerField(null=True, blank=True)
    sale_starts_at = models.DateTimeField(null=True, blank=True)
    sale_ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sale_regular_amount = models.BigIntegerField(null=True, blank=True)
    sale_reference_amount = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "product", "condition"],
                condition=models.Q(variant__isnull=True),
                name="offer_unique_per_vendor_condition",
            ),
            models.UniqueConstraint(
                fields=["vendor", "variant", "condition"],
                condition=models.Q(variant__isnull=False),
                name="offer_unique_per_vendor_variant_condition",
            ),
            models.UniqueConstraint(fields=["vendor", "sku"], name="offer_unique_vendor_sku"),
            models.CheckConstraint(condition=models.Q(price_amount__gt=0), name="offer_price_positive"),
            models.CheckConstraint(
                condition=models.Q(return_window_days__in=[0, 14, 30, 60, 100]), name="offer_return_window_allowed"
            ),
        ]

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def on_sale(self) -> bool:
        """A sale runs now (its price is ``price``)."""
        return self.sale_regular_amount is not None

    @property
    def regular_price(self) -> Money:
        return Money(self.sale_regular_amount if self.on_sale else self.price_amount, self.currency)

    @property
    def was_price(self) -> Money | None:
        """The "statt" price while a sale runs: the lowest price of the 30 days before it started,
        if that is above today's price (EU Omnibus directive); else None."""
        if self.on_sale and self.sale_reference_amount and self.sale_reference_amount > self.price_amount:
            return Money(self.sale_reference_amount, self.currency)
        return None

    @property
    def is_active(self) -> bool:
        """Kept for templates written before offer statuses: live or not."""
        return self.status == self.Status.LIVE

    def __str__(self) -> str:
        return f"{self.vendor} / {self.product} ({self.price})"


class OfferPriceChange(models.Model):
    """The price buyers pay for an offer from ``changed_at`` on (every change of ``price_amount``,
    sales included): the 30-day lowest price a "statt" price must refer to comes from here."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="price_changes")
    price_amount = models.BigIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["offer_id", "changed_at", "id"]
        indexes = [models.Index(fields=["offer", "changed_at"], name="offer_price_change_at")]


class ProductChangeRequest(models.Model):
    """A seller's request to correct a shared catalog product it offers but did not create (its
    texts or brand); an operator accepts it (the changes are applied) or rejects it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="change_requests")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="product_change_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict)  # field -> proposed text (title, title_en, description, ...)
    note = models.TextField(blank=True)  # why, e.g. "the weight on the box is 320 g"
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    reason = models.TextField(blank=True)  # the operator's, on a decision
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


# --- Catalog details, shipping and imports (listings part of the vendors app) -------------


class ProductVariant(models.Model):
    """One option combination of a product (``options``: ``{"size": "M", "colour": "rot"}``)
    with its own GTIN; offers may point at a variant (``Offer.variant``)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    options = models.JSONField(default=dict)
    gtin = models.CharField(max_length=14, blank=True, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gtin"], condition=~models.Q(gtin=""), name="variant_unique_gtin"),
            models.UniqueConstraint(fields=["product", "options"], name="variant_unique_options"),
        ]

    @property
    def label(self) -> str:
        return ", ".join(f"{key}: {value}" for key, value in sorted(self.options.items()))

    def __str__(self) -> str:
        return f"{self.product} ({self.label})"


def product_image_path(instance: "ProductImage", filename: str) -> str:
    return f"products/{instance.product_id}/{uuid.uuid4().hex}.jpg"


def product_thumbnail_path(instance: "ProductImage", filename: str) -> str:
    return f"products/{instance.product_id}/thumbs/{uuid.uuid4().hex}.jpg"


class ProductImage(models.Model):
    """A product picture, re-encoded on upload (``image``) with a ``thumbnail`` and ``renditions``
    of a few widths (``sources`` gives the srcset); ordered by ``position``; exactly one per
    product has ``is_main`` once there is any."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=product_image_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=product_thumbnail_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    is_main = models.BooleanField(default=False)
    # Narrower copies for srcset, made on upload: {"<width>": storage name} (vendors.images).
    renditions = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_main=True), name="product_one_main_image"
            ),
        ]

    @property
    def sources(self):
        from vendors.images import product_image_sources

        return product_image_sources(self)


class ShippingProfile(models.Model):
    """How a vendor ships a group of offers.

    ``zones`` (ShippingZone: destination ``countries`` and one ``rate_kind`` — flat, per item or
    by weight — with its ``rates``), ``free_shipping_threshold_amount`` (items subtotal in
    ``currency`` from which shipping is free; None = never), ``handling_days`` (days until
    dispatch) and ``pickup_locations`` (click and collect). The cost for a cart group comes from
    ``vendors.shipping.shipping_cost``.
    """

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="shipping_profiles")
    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3)
    handling_days = models.PositiveSmallIntegerField(default=2)
    free_shipping_threshold_amount = models.BigIntegerField(null=True, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vendor_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name"], name="shipping_profile_unique_name"),
            models.UniqueConstraint(
                fields=["vendor"], condition=models.Q(is_default=True), name="shipping_profile_one_default"
            ),
        ]

    @property
    def free_shipping_threshold(self) -> Money | None:
        if self.free_shipping_threshold_amount is None:
            return None
        return Money(self.free_shipping_threshold_amount, self.currency)

    def __str__(self) -> str:
        return self.name


class ShippingZone(models.Model):
    """Destinations (``countries``: ISO 3166 alpha-2 codes) served at one kind of rate."""

    class RateKind(models.TextChoices):
        FLAT = "flat", _("Flat rate per shipment")
        PER_ITEM = "per_item", _("Per item")
        WEIGHT = "weight", _("By weight")

    profile = models.ForeignKey(ShippingProfile, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(max_length=100)
    countries = models.JSONField(default=list)
    rate_kind = models.CharField(max_length=20, choices=RateKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # Carrier transit in business days once shipped (the delivery promise); None: the default of
    # vendors.delivery (1 day in the home country, 3 abroad).
    transit_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["profile_id", "position", "id"]


class ShippingRate(models.Model):
    """A price in a zone. flat: ``amount`` per shipment; per item: ``amount`` for the first item
    and ``additional_item_amount`` for each further one; by weight: ``amount`` for shipments up
    to ``max_weight_g`` (None: any weight), the lightest fitting bracket applies."""

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    amount = models.BigIntegerField()
    additional_item_amount = models.BigIntegerField(default=0)
    max_weight_g = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["zone_id", models.F("max_weight_g").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, additional_item_amount__gte=0), name="shipping_rate_not_negative"
            ),
        ]


class PickupLocation(models.Model):
    """Click and collect: where buyers may fetch orders, with ``opening_hours`` as
    ``{"mon": [["09:00", "18:00"]], ..., "sun": []}`` (24-hour local times)."""

    profile = models.ForeignKey(ShippingProfile, on_delete=models.CASCADE, related_name="pickup_locations")
    name = models.CharField(max_length=100)
    street = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2)
    opening_hours = models.JSONField(default=dict)

    class Meta:
        ordering = ["profile_id", "name", "id"]


def import_file_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.vendor_id}/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file of products and offers, checked (dry run) and imported.

    Progress is stored here (``processed_rows`` of ``total_rows``) so clients poll it; bad rows
    are ImportRowError rows.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPING = "mapping", _("Columns to map")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Queued")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=import_file_path)
    file_format = models.CharField(max_length=10, choices=Format.choices)
    original_name = models.CharField(max_length=255, blank=True)
    # Our field name -> the column header in the vendor's file.
    mapping = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ImportRowError(models.Model):
    """A bad field in one row of an import file (``row`` counts like a spreadsheet: header = 1)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField()
    field = models.CharField(max_length=100)
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["job_id", "row", "id"]


# --- Trader traceability (DSA Art. 30) -----------------------------------------------------


class TraderCertification(models.Model):
    """A vendor's self-certification to offer only products that comply with EU law (Art. 30(1)(e)
    DSA): who accepted which text version when. Rows are kept as history; the newest counts."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="trader_certifications")
    version = models.CharField(max_length=20)
    text = models.TextField()  # the wording accepted, in the language it was shown
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor_id", "-accepted_at", "-id"]


class SellerNotification(models.Model):
    """Something that concerns a seller, for its inbox in seller central (one per event: ``key``).

    Written by ``vendors.notifications.seller_notify`` in the transaction of the event; the inbox
    is the team's, its read state each member's own (``SellerNotificationRead``); which kinds a
    member sees follows the role.
    ``params`` holds the facts (order number, amount) so the page words them in the reader's language.
    """

    class Kind(models.TextChoices):
        NEW_ORDER = "new_order", _("New order")
        MESSAGE = "message", _("Message")
        CLAIM = "claim", _("Claim")
        RETURN = "return", _("Return")
        MODERATION = "moderation", _("Moderation decision")
        ENFORCEMENT = "enforcement", _("Enforcement step")
        PAYOUT = "payout", _("Payout")
        LEGAL = "legal", _("Legal notice")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["vendor", "kind", "key"], name="seller_notification_once")]


class SellerNotificationRead(models.Model):
    """One staff member has read one notification (each member keeps their own read state)."""

    notification = models.ForeignKey(SellerNotification, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "user"], name="seller_notification_read_once")]


class SellerNotificationSetting(models.Model):
    """Whether the vendor gets an e-mail for a kind of notification (no row: yes)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SellerNotification.Kind.choices)
    mail = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vendor", "kind"], name="seller_notification_setting_once")]


class SellerTaxData(models.Model):
    """What DAC7 (Council Directive (EU) 2021/514, in Germany the PStTG) needs of a seller beyond its
    trader data: tax identification number (TIN) and the country that issued it, for individuals
    (sole traders, private sellers) first and last name and date of birth, and the EU member states
    where an entity has a permanent establishment. The address and the business register number are
    the vendor's own fields. Written only by ``vendors.services.tax_data``; checked with python-stdnum.
    """

    vendor = models.OneToOneField(Vendor, on_delete=models.CASCADE, related_name="tax_data")
    tin = models.CharField(max_length=40, blank=True)  # compact form, as python-stdnum formats it
    tin_country = models.CharField(max_length=2, blank=True)
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    birth_city = models.CharField(max_length=200, blank=True)
    permanent_establishments = models.JSONField(default=list, blank=True)  # ["AT", "FR"], EU states
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"tax data of {self.vendor_id}"


class ProductSafetyInfo(models.Model):
    """GPSR (Regulation (EU) 2023/988, Art. 19) data of a product, given by a seller of it: the
    economic operator responsible in the EU, the manufacturer's contact, and the warnings and safety
    information buyers must see. Offers in a GPSR-relevant category stay offline until it is
    complete (moderation.rules ``compliance_results``). Written by vendors.services.compliance."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="safety_info")
    responsible_name = models.CharField(max_length=300, blank=True)
    responsible_address = models.TextField(blank=True)
    responsible_email = models.EmailField(blank=True)
    manufacturer_name = models.CharField(max_length=300, blank=True)
    manufacturer_address = models.TextField(blank=True)
    manufacturer_email = models.EmailField(blank=True)
    warnings = models.TextField(blank=True)
    safety_information = models.TextField(blank=True)
    updated_by_vendor = models.ForeignKey(Vendor, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    REQUIRED = (
        "responsible_name",
        "responsible_address",
        "responsible_email",
        "manufacturer_name",
        "manufacturer_address",
    )

    def missing(self) -> list[str]:
        return [name for name in self.REQUIRED if not getattr(self, name)]


class SellerRegistration(models.Model):
    """A seller's registration number for packaging (LUCID, Zentrale Stelle Verpackungsregister),
    electrical equipment (WEEE, stiftung ear) or batteries (stiftung ear). The format is checked on
    entry; an operator marks it verified after looking it up in the public register."""

    class Kind(models.TextChoices):
        PACKAGING = "packaging", _("Packaging register (LUCID)")
        WEEE = "weee", _("Electrical equipment (WEEE, stiftung ear)")
        BATTERY = "battery", _("Batteries (stiftung ear)")

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["vendor_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["vendor", "kind"], name="seller_registration_once_per_kind")]


class SellerTermsNotice(models.Model):
    """P2B (Regulation (EU) 2019/1150, Art. 3): one row per seller and announced version of the
    terms for sellers: when the seller was told (inbox and mail) and when and by whom it accepted."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="terms_notices")
    version = models.ForeignKey("marketplace.LegalTextVersion", on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField(auto_now_add=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-version_id", "vendor_id"]
        constraints = [models.UniqueConstraint(fields=["vendor", "version"], name="seller_terms_notice_once")]


class ProductViewDay(models.Model):
    """Product page views of one day (shop time zone), for the sellers' conversion figures.

    Counted in Redis on the page view and added here by a periodic flush
    (``vendors.product_views``), so a page view writes no row."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="product_view_day_once")]
        indexes = [models.Index(fields=["day", "product"], name="product_view_day_by_day")]
