from django.db import models
from django.utils.translation import get_language


class Category(models.Model):
    """A node of the shared category tree; attribute schemas hang off it (vendors issue)."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=120, unique=True)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    # Slash-separated slugs from the root ("sport/fahrrad"), kept for hierarchical facets.
    path = models.CharField(max_length=1000, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    def __str__(self) -> str:
        return self.path
