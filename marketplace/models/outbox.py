from django.db import models


class OutboxEvent(models.Model):
    """A change that must reach another system, written in the same transaction as the change.

    Rows are delivered after commit by ``marketplace.outbox.outbox_deliver``; a row stays
    until its handler succeeds, so nothing is lost when the receiving system is down.
    """

    topic = models.CharField(max_length=100)
    # What the event is about ("product:42"); handlers may collapse several events per key.
    key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                name="outbox_pending_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key}"
