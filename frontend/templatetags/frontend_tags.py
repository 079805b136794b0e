from django import template
from django.utils.translation import get_language

from frontend import labels

register = template.Library()


@register.filter
def choice_label(value, kind: str) -> str:
    """Translated label of a stored choice: {{ offer.condition|choice_label:"condition" }}."""
    return labels.label(kind, value)


@register.filter
def hit_title(hit) -> str:
    """A search hit's title in the active language (English title when there is one)."""
    title_en = getattr(hit, "title_en", "")
    if title_en and (get_language() or "").startswith("en"):
        return title_en
    return getattr(hit, "title", "")


@register.filter
def category_depth(category) -> int:
    """How deep a category sits in the tree (0 for a root)."""
    return category.path.count("/")
