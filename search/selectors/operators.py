"""Reads for operators: synonym rules and the log of searches that found nothing."""

from django.db.models import QuerySet

from marketplace.errors import NotFound
from search.models import SynonymRule, ZeroResultQuery


def synonym_list() -> QuerySet[SynonymRule]:
    return SynonymRule.objects.order_by("rule", "id")


def synonym_get(*, synonym_id: int) -> SynonymRule:
    try:
        return SynonymRule.objects.get(id=synonym_id)
    except SynonymRule.DoesNotExist:
        raise NotFound("No such synonym rule.", field="synonym") from None


def zero_result_query_list() -> QuerySet[ZeroResultQuery]:
    return ZeroResultQuery.objects.order_by("-count", "-last_seen_at", "id")
