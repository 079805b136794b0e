"""Help centre: FAQ articles in German and English, grouped by category, written by operators."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language


def _in_language(german: str, english: str) -> str:
    """The active language's text, else the other one (an article may exist in one language)."""
    if (get_language() or "de").startswith("en"):
        return english or german
    return german or english


class HelpCategory(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name_de = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "help categories"

    @property
    def name(self) -> str:
        return _in_language(self.name_de, self.name_en)

    def __str__(self) -> str:
        return self.slug


class HelpArticle(models.Model):
    category = models.ForeignKey(HelpCategory, on_delete=models.PROTECT, related_name="articles")
    slug = models.SlugField(max_length=120, unique=True)
    title_de = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    body_de = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # Drafts are seen only in the console; buyers see (and search) published articles only.
    published = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category__position", "position", "id"]
        constraints = [
            # At least one language has a title and a body (checked in the service with a message too).
            models.CheckConstraint(
                condition=(~models.Q(title_de="") & ~models.Q(body_de=""))
                | (~models.Q(title_en="") & ~models.Q(body_en="")),
                name="help_article_has_one_language",
            ),
        ]

    @property
    def title(self) -> str:
        return _in_language(self.title_de, self.title_en)

    @property
    def body(self) -> str:
        return _in_language(self.body_de, self.body_en)

    def __str__(self) -> str:
        return self.slug
