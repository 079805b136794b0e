from django.db import models

from marketplace.models import AuditLogEntry


def audit_record(*, actor, action: str, obj: models.Model, reason: str = "", data: dict | None = None) -> AuditLogEntry:
    """Write one audit entry; call it inside the transaction that makes the change."""
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason,
        data=data or {},
    )
