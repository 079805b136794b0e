from django import template
from django.utils.translation import get_language

from frontend.common import labels
from search.selectors.catalog import in_language

register = template.Library()


@register.filter
def choice_label(value, kind: str) -> str:
    """Translated label of a stored choice: {{ offer.condition|choice_label:"condition" }}."""
    return labels.label(kind, value)


@register.filter
def hit_title(hit) -> str:
    """A search hit's title in the active language, else the other one (a listing may have
    only an English or only a German title)."""
    return in_language(get_language(), german=getattr(hit, "title", ""), english=getattr(hit, "title_en", ""))


@register.filter
def category_depth(category) -> int:
    """How deep a category sits in the tree (0 for a root)."""
    return category.path.count("/")
