from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TaxClass(models.TextChoices):
    """VAT classes; the rate of each per destination country is configuration
    (``MARKETPLACE_VAT_RATES``, e.g. DE 19/7 %, AT 20/10 %). Books and food are reduced."""

    STANDARD = "standard", _("Standard rate")
    REDUCED = "reduced", _("Reduced rate")


class Category(models.Model):
    """A node of the shared category tree; attribute schemas hang off it (vendors issue).

    ``tax_class`` is the VAT class of the goods in it (a product may override it)."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=120, unique=True)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    # Slash-separated slugs from the root ("sport/fahrrad"), kept for hierarchical facets.
    path = models.CharField(max_length=1000, editable=False)
    tax_class = models.CharField(max_length=20, choices=TaxClass.choices, default=TaxClass.STANDARD)
    # Product compliance (operator-configurable; a flag holds for the whole subtree): GPSR data
    # (responsible economic operator in the EU, manufacturer, safety information) and the German
    # registrations a seller needs (VerpackG: LUCID; ElektroG: stiftung ear WEEE; BattDG: batteries).
    gpsr_relevant = models.BooleanField(default=False)
    needs_packaging_registration = models.BooleanField(default=False)
    needs_weee_registration = models.BooleanField(default=False)
    needs_battery_registration = models.BooleanField(default=False)

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


class AttributeDefinition(models.Model):
    """One attribute of a category's schema; products of the category (and of its subcategories)
    carry it in ``Product.attributes[code]``.

    Kinds: text, number (with ``unit``, e.g. "cm" or "W"), enumeration (one of
    ``allowed_values``) and boolean. ``required`` ones must be present on a product.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        ENUM = "enum", _("Enumeration")
        BOOLEAN = "boolean", _("Yes/no")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attribute_definitions")
    code = models.SlugField(max_length=64)
    name_de = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    unit = models.CharField(max_length=20, blank=True)
    allowed_values = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="attribute_unique_code_per_category"),
        ]

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    def __str__(self) -> str:
        return f"{self.category.path}:{self.code}"
