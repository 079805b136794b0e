from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A vendor's key for its own systems (ERP, multichannel tools) on the seller API.

    The secret is shown once; only its SHA-256 digest is stored. ``prefix`` identifies the key
    (it is the visible part of ``mk_<prefix>_<secret>``). After a rotation the previous secret
    keeps working until ``previous_valid_until`` so a client can switch without downtime.
    ``scopes`` holds entries such as ``"offers:write"`` (integrations.scopes).
    """

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    previous_secret_hash = models.CharField(max_length=64, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    # Recognised by vendors.api.acting_vendor without importing this app.
    is_api_key = True

    class Meta:
        ordering = ["vendor_id", "-created_at", "-id"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} (mk_{self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
