from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LegalTextVersion(models.Model):
    """One version of a legal page of the shop (Impressum, AGB, privacy notice, ...), in German and
    English. A version is written as a draft (``published_at`` empty; one per kind, editable) and
    then published; from then on it never changes, so what a buyer agreed to can be shown again.
    The current version of a kind is its newest published one (marketplace/legal.py)."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Legal notice (Impressum)")
        TERMS = "terms", _("Terms and conditions (AGB)")
        PRIVACY = "privacy", _("Privacy notice")
        WITHDRAWAL = "withdrawal", _("Right of withdrawal")
        SHIPPING = "shipping", _("Shipping terms")
        PAYMENT = "payment", _("Payment terms")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        # Terms for sellers (P2B Regulation 2019/1150): a change is announced at least 15 days
        # before it takes effect (``published_at`` in the future: vendors.services.seller_terms).
        SELLER_TERMS = "seller_terms", _("Terms for sellers")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField()  # 1, 2, ... per kind
    body_de = models.TextField()
    body_en = models.TextField()
    note = models.CharField(max_length=300, blank=True)  # what changed, for the operators
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="legal_text_unique_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(published_at__isnull=True), name="legal_text_one_draft_per_kind"
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise ValueError("A published legal text version cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published_at is not None:
            raise ValueError("A published legal text version cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def body(self) -> str:
        """The text in the active language (German when there is no English)."""
        if (get_language() or "de").startswith("en") and self.body_en.strip():
            return self.body_en
        return self.body_de

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"
