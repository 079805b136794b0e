from django.conf import settings
from django.db import models


class SynonymRule(models.Model):
    """One operator-maintained synonym rule, applied when searching (not when indexing).

    ``rule`` uses the Solr format the engine reads: ``fahrrad, rad, bike`` (equivalent words)
    or ``handy => smartphone`` (the left side is searched as the right side).
    """

    rule = models.CharField(max_length=500, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rule", "id"]

    def __str__(self) -> str:
        return self.rule


class ZeroResultQuery(models.Model):
    """A search text that found nothing, counted per normalised text, for operators to act on
    (add a synonym, ask vendors for such products)."""

    query = models.CharField(max_length=200, unique=True)  # lowercased, whitespace collapsed
    count = models.PositiveIntegerField(default=1)
    suggestion = models.CharField(max_length=200, blank=True)  # the "did you mean" we offered
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-count", "-last_seen_at", "id"]

    def __str__(self) -> str:
        return f"{self.query} ({self.count})"
