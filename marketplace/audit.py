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


def audit_record_many(*, actor, action: str, entries: list[tuple[models.Model, dict]]) -> list[AuditLogEntry]:
    """``audit_record`` for many objects in one INSERT (an import's chunk): one entry per
    (object, data) pair, same actor and action."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLogEntry.objects.bulk_create(
        AuditLogEntry(
            actor=actor, action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk), data=data or {}
        )
        for obj, data in entries
    )
