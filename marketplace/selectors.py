from django.db.models import QuerySet

from marketplace.models import Category


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("path")
