"""Moderation: listing rules and their results, the operators' review queue, buyer reports,
shipping deadlines and the vendor standing that scorecard enforcement moves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingRule(models.Model):
    """One data-driven rule operators edit without a deploy.

    ``category`` None applies to every category; a category's rule also covers its subcategories.
    ``params`` depend on ``kind`` (checked by moderation.rules.RULE_PARAMS when saved).
    """

    class Kind(models.TextChoices):
        REQUIRED_ATTRIBUTES = "required_attributes", _("Required attributes")
        MIN_IMAGES = "min_images", _("Minimum number of images")
        TITLE_LENGTH = "title_length", _("Title length")
        DESCRIPTION_LENGTH = "description_length", _("Description length")
        BANNED_PATTERNS = "banned_patterns", _("Banned patterns")
        PROHIBITED_TERMS = "prohibited_terms", _("Prohibited terms")
        PRICE_ANOMALY = "price_anomaly", _("Price anomaly")
        DUPLICATE_LISTING = "duplicate_listing", _("Duplicate listing")
        GTIN_REQUIRED = "gtin_required", _("GTIN required")
        MAX_HANDLING_DAYS = "max_handling_days", _("Maximum handling time")

    class Severity(models.TextChoices):
        WARN = "warn", _("Warning")
        BLOCK = "block", _("Block")

    category = models.ForeignKey(
        "marketplace.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.WARN)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]


class ListingCheck(models.Model):
    """The result of one failed rule at an offer's last evaluation (passing rules leave no row)."""

    offer = models.ForeignKey("vendors.Offer", on_delete=models.CASCADE, related_name="listing_checks")
    rule = models.ForeignKey(ListingRule, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, choices=ListingRule.Severity.choices)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer_id", "id"]


class ReasonTemplate(models.Model):
    """A reusable reason for operator decisions, in German and English."""

    code = models.SlugField(max_length=60, unique=True)
    text_de = models.TextField()
    text_en = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]


class Report(models.Model):
    """Someone (signed in or anonymous with an e-mail) reports a listing or a vendor."""

    class Reason(models.TextChoices):
        COUNTERFEIT = "counterfeit", _("Counterfeit")
        PROHIBITED = "prohibited", _("Prohibited item")
        MISLEADING = "misleading", _("Misleading listing")
        OFFENSIVE = "offensive", _("Offensive content")
        FRAUD = "fraud", _("Suspected fraud")
        OTHER = "other", _("Other")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_email = models.EmailField()
    offer = models.ForeignKey("vendors.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class ReviewItem(models.Model):
    """Something waiting for an operator: a new product, a flagged offer or a report."""

    class Kind(models.TextChoices):
        NEW_PRODUCT = "new_product", _("New product")
        FLAGGED_OFFER = "flagged_offer", _("Flagged offer")
        REPORT = "report", _("Report")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("Claimed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    OPEN_STATUSES = (Status.OPEN, Status.CLAIMED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("vendors.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey("vendors.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    report = models.OneToOneField(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="review_item")
    # Why it is in the queue (failed rule codes, the report's reason); the decision's reason below.
    summary = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            # A product or offer waits in the queue once per kind, however often it is flagged.
            models.UniqueConstraint(
                fields=["kind", "offer"],
                condition=models.Q(status__in=["open", "claimed"], offer__isnull=False, report__isnull=True),
                name="review_item_one_open_per_offer",
            ),
            models.UniqueConstraint(
                fields=["kind", "product"],
                condition=models.Q(
                    status__in=["open", "claimed"], product__isnull=False, offer__isnull=True, report__isnull=True
                ),
                name="review_item_one_open_per_product",
            ),
        ]


class LateShipment(models.Model):
    """A VendorOrder shipped after its ship-by date, or still unshipped past it."""

    vendor_order = models.OneToOneField("marketplace.VendorOrder", on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    ship_by = models.DateField()
    shipped_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-flagged_at", "-id"]


class OfferSuppression(models.Model):
    """Why a suppressed offer is down and what it was before, so that lifting the suppression puts
    it back where it was, and a fix by the vendor lifts only what the rules did."""

    class Cause(models.TextChoices):
        RULES = "rules", _("Listing rules")
        OPERATOR = "operator", _("Operator decision")
        ENFORCEMENT = "enforcement", _("Seller performance enforcement")

    offer = models.OneToOneField("vendors.Offer", on_delete=models.CASCADE, related_name="+")
    cause = models.CharField(max_length=20, choices=Cause.choices)
    previous_status = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)


class ImageFingerprint(models.Model):
    """SHA-256 of a product image's stored bytes, computed once (images never change in place:
    a new upload is a new row), for duplicate listing detection."""

    image = models.OneToOneField("vendors.ProductImage", on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64, db_index=True)


class ScorecardThreshold(models.Model):
    """An operator's limit for one scorecard metric; a metric without a row uses the default
    from ``moderation.conf`` (MODERATION_THRESHOLDS_BPS, MODERATION_SCORECARD_MIN_ORDERS)."""

    class Metric(models.TextChoices):
        ORDER_DEFECT_RATE = "order_defect_rate", _("Order defect rate")
        LATE_SHIPMENT_RATE = "late_shipment_rate", _("Late shipment rate")
        CANCELLATION_RATE = "cancellation_rate", _("Pre-fulfilment cancellation rate")
        VALID_TRACKING_RATE = "valid_tracking_rate", _("Valid tracking rate")
        RETURN_RATE = "return_rate", _("Return rate")
        ON_TIME_DELIVERY_RATE = "on_time_delivery_rate", _("On-time delivery rate")

    class Bound(models.TextChoices):
        MAX = "max", _("at most")
        MIN = "min", _("at least")

    metric = models.CharField(max_length=30, choices=Metric.choices, unique=True)
    bound = models.CharField(max_length=3, choices=Bound.choices)
    # Basis points of the rate (100 = 1 %), compared exactly: numerator * 10000 vs limit * denominator.
    limit_bps = models.PositiveIntegerField()
    window_days = models.PositiveSmallIntegerField(default=30)
    # Fewer orders in the window than this and the rate does not count (too few to judge).
    min_orders = models.PositiveIntegerField(default=10)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["metric"]


class VendorStanding(models.Model):
    """Where scorecard enforcement stands for a vendor; each change is also in the audit log.

    Levels are cumulative (payouts held also means offers suppressed). Which offers the
    suppression step took down is in OfferSuppression (cause enforcement); whether this app
    placed the payout hold or the suspension is remembered, so a reversal never lifts an
    operator's own hold or suspension.
    """

    class Level(models.IntegerChoices):
        GOOD = 0, _("Good standing")
        WARNING = 1, _("Warning")
        OFFERS_SUPPRESSED = 2, _("Offers suppressed")
        PAYOUTS_HELD = 3, _("Payouts held")
        SUSPENDED = 4, _("Suspended")

    vendor = models.OneToOneField("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.GOOD)
    # The scorecard numbers at the last evaluation, shown to the vendor.
    metrics = models.JSONField(default=dict, blank=True)
    breaches = models.JSONField(default=list, blank=True)
    payouts_held_by_enforcement = models.BooleanField(default=False)
    suspended_by_enforcement = models.BooleanField(default=False)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # An operator's reversal holds enforcement off until then (the vendor gets time to recover).
    override_until = models.DateTimeField(null=True, blank=True)


# --------------------------------------------------------------------------- notice and action (DSA)


class Notice(models.Model):
    """A notice of allegedly illegal content (DSA Art. 16): an offer, a vendor or a review.

    The target is stored by kind and id (moderation.targets), with the URL the notifier gave and
    the label at the time, so the record stays readable after the content is gone."""

    class Category(models.TextChoices):
        # The categories of the Commission's transparency database (statements of reasons).
        ILLEGAL_PRODUCTS = "illegal_products", _("Unsafe or prohibited products")
        INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property infringement (e.g. counterfeit)")
        CONSUMER_PROTECTION = "consumer_protection", _("Consumer protection (misleading offer, hidden costs)")
        SCAMS_FRAUD = "scams_fraud", _("Scam or fraud")
        ILLEGAL_SPEECH = "illegal_speech", _("Illegal or harmful speech (hate speech, defamation)")
        DATA_PROTECTION = "data_protection", _("Data protection and privacy violation")
        CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child sexual abuse material")
        OTHER = "other", _("Other illegal content")

    # Art. 16(2)(c): notifiers of these offences may stay anonymous.
    ANONYMOUS_ALLOWED = (Category.CHILD_SEXUAL_ABUSE,)

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACTION_TAKEN = "action_taken", _("Action taken")
        NO_ACTION = "no_action", _("No action taken")

    reference = models.CharField(max_length=20, unique=True)
    target_kind = models.CharField(max_length=10)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=300)
    url = models.URLField(max_length=1000)
    vendor = models.ForeignKey("vendors.Vendor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(max_length=30, choices=Category.choices)
    explanation = models.TextField()
    notifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notifier_name = models.CharField(max_length=200, blank=True)
    notifier_email = models.EmailField(blank=True, db_index=True)
    good_faith = models.BooleanField()
    language = models.CharField(max_length=10, default="de")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    # The operator found the notice manifestly unfounded (Art. 23: counts towards suspending the notifier).
    manifestly_unfounded = models.BooleanField(default=False)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(good_faith=True), name="notice_good_faith_confirmed"),
            models.CheckConstraint(
                condition=models.Q(status="received", decided_at__isnull=True)
                | (~models.Q(status="received") & models.Q(decided_at__isnull=False)),
                name="notice_decided_when_not_received",
            ),
        ]


class NotifierSuspension(models.Model):
    """Art. 23: notices from this e-mail address are not processed until ``until``."""

    email = models.EmailField(db_index=True)
    until = models.DateTimeField()
    reason = models.TextField()
    unfounded_count = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class StatementOfReasons(models.Model):
    """Art. 17: why a vendor's (or a review author's) content or account was restricted, with the
    redress options. Issued for every restriction; an appeal's outcome is written back here."""

    class Restriction(models.TextChoices):
        VISIBILITY = "visibility", _("Content removed or hidden")
        MONETARY = "monetary", _("Payments suspended")
        SERVICE = "service", _("Account suspended")

    class Ground(models.TextChoices):
        ILLEGAL = "illegal", _("Illegal content")
        TERMS = "terms", _("Incompatible with our terms and policies")

    class Source(models.TextChoices):
        NOTICE = "notice", _("Notice by a third party")
        QUEUE = "queue", _("Review by an operator")
        RULES = "rules", _("Automated listing rules")
        ENFORCEMENT = "enforcement", _("Seller performance enforcement")
        OPERATOR = "operator", _("Operator's own initiative")

    class Outcome(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        CONFIRMED = "confirmed", _("Confirmed after a complaint")
        REVERSED = "reversed", _("Reversed after a complaint")

    reference = models.CharField(max_length=20, unique=True)
    vendor = models.ForeignKey("vendors.Vendor", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The person addressed when the content is a user's own (a review): the review's author.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_kind = models.CharField(max_length=10)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=300)
    restriction = models.CharField(max_length=20, choices=Restriction.choices)
    scope = models.TextField()
    # None: until lifted (indefinite).
    ends_at = models.DateTimeField(null=True, blank=True)
    facts = models.TextField()
    ground = models.CharField(max_length=10, choices=Ground.choices)
    ground_detail = models.TextField(help_text="The legal provision or the clause of our terms.")
    source = models.CharField(max_length=20, choices=Source.choices)
    automated_detection = models.BooleanField()
    automated_decision = models.BooleanField()
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How an appeal's reversal undoes this restriction: "target" (the registry's restore),
    # "standing" (enforcement reversal), "payout_hold" (release the hold).
    undo = models.CharField(max_length=20, default="target")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.IN_FORCE)
    revised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor__isnull=False) | models.Q(recipient__isnull=False),
                name="statement_has_an_addressee",
            ),
            models.CheckConstraint(
                condition=models.Q(automated_decision=False) | models.Q(decided_by__isnull=True),
                name="statement_automated_without_operator",
            ),
        ]


class Appeal(models.Model):
    """Art. 20: the affected party's internal complaint against a statement's decision. Decided
    by another operator than the one who made the decision (also checked by the database)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Decision confirmed")
        REVERSED = "reversed", _("Decision reversed")

    statement = models.OneToOneField(StatementOfReasons, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    # Copied from the statement when the appeal is made, so the constraint below can compare.
    original_decider = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | models.Q(original_decider__isnull=True)
                | ~models.Q(decided_by=models.F("original_decider")),
                name="appeal_decided_by_another_operator",
            ),
        ]


class ProductRecall(models.Model):
    """A product recall (GPSR Art. 35/36): every offer of the product taken off sale and each buyer
    who bought it told once, by e-mail through the outbox (RecallNotice, one per buyer address)."""

    product = models.ForeignKey("vendors.Product", on_delete=models.PROTECT, related_name="recalls")
    reason = models.TextField()
    instructions = models.TextField(help_text="What buyers should do (stop using, return, remedy).")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    offers_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]


class RecallNotice(models.Model):
    recall = models.ForeignKey(ProductRecall, on_delete=models.CASCADE, related_name="notices")
    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    order_number = models.CharField(max_length=40)
    language = models.CharField(max_length=10, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recall_id", "id"]
        constraints = [models.UniqueConstraint(fields=["recall", "email"], name="recall_notice_once_per_buyer")]
