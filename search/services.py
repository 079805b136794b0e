"""Search writes: operator synonym rules and the zero-result log."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.outbox import outbox_publish
from search.indexing import SYNONYMS_CHANGED
from search.models import SynonymRule, ZeroResultQuery
from search.selectors.operators import synonym_get

MAX_TERM_LENGTH = 60
TERM = re.compile(r"^\w[\w\- ]*$")
RULE_HELP = "Use 'word, other word, ...' (equivalent) or 'word, ... => word, ...' (one-way); words of letters, digits, hyphens and spaces."


def synonym_rule_normalise(rule: str) -> str:
    """The canonical form of a rule, or a DomainError naming what is wrong with it."""
    text = " ".join(rule.split()).lower()
    sides = text.split("=>")
    if not text or len(sides) > 2:
        raise DomainError(f"Synonym rule is not valid. {RULE_HELP}", field="rule")
    normalised = []
    for side in sides:
        terms = [t.strip() for t in side.split(",")]
        if any(not t for t in terms):
            raise DomainError(f"Synonym rule has an empty term. {RULE_HELP}", field="rule")
        bad = [t for t in terms if len(t) > MAX_TERM_LENGTH or not TERM.match(t) or "_" in t]
        if bad:
            raise DomainError(f"Synonym term {bad[0]!r} is not allowed. {RULE_HELP}", field="rule")
        normalised.append(", ".join(terms))
    if len(sides) == 1 and len(normalised[0].split(", ")) < 2:
        raise DomainError(f"A synonym rule needs at least two terms. {RULE_HELP}", field="rule")
    return " => ".join(normalised)


def _synonyms_changed() -> None:
    # One key for all rules: the handler reads the whole current list.
    outbox_publish(topic=SYNONYMS_CHANGED, key="synonyms", payload={})


@transaction.atomic
def synonym_create(*, actor, rule: str) -> SynonymRule:
    rule = synonym_rule_normalise(rule)
    try:
        with transaction.atomic():
            synonym = SynonymRule.objects.create(rule=rule, created_by=actor if actor.is_authenticated else None)
    except IntegrityError:
        raise Conflict("This synonym rule exists already.", field="rule") from None
    audit_record(actor=actor, action="search.synonym_created", obj=synonym, data={"rule": rule})
    _synonyms_changed()
    return synonym


@transaction.atomic
def synonym_update(*, actor, synonym_id: int, rule: str) -> SynonymRule:
    rule = synonym_rule_normalise(rule)
    synonym = synonym_get(synonym_id=synonym_id)
    if synonym.rule == rule:
        return synonym
    if SynonymRule.objects.filter(rule=rule).exclude(id=synonym.id).exists():
        raise Conflict("This synonym rule exists already.", field="rule")
    before = synonym.rule
    synonym.rule = rule
    synonym.save(update_fields=["rule", "updated_at"])
    audit_record(actor=actor, action="search.synonym_updated", obj=synonym, data={"before": before, "rule": rule})
    _synonyms_changed()
    return synonym


@transaction.atomic
def synonym_delete(*, actor, synonym_id: int) -> None:
    synonym = synonym_get(synonym_id=synonym_id)
    audit_record(actor=actor, action="search.synonym_deleted", obj=synonym, data={"rule": synonym.rule})
    synonym.delete()
    _synonyms_changed()


def _normalise_query(query: str) -> str:
    return " ".join(query.split()).lower()[:200]


def zero_result_query_record(*, query: str, suggestion: str | None = None) -> None:
    """Count a search that found nothing (one row per normalised text; concurrent-safe)."""
    text = _normalise_query(query)
    if not text:
        return
    now = timezone.now()
    updated = ZeroResultQuery.objects.filter(query=text).update(
        count=F("count") + 1, last_seen_at=now, suggestion=suggestion or ""
    )
    if updated:
        return
    try:
        with transaction.atomic():
            ZeroResultQuery.objects.create(query=text, suggestion=suggestion or "", last_seen_at=now)
    except IntegrityError:  # another request created it meanwhile
        ZeroResultQuery.objects.filter(query=text).update(count=F("count") + 1, last_seen_at=now)


@transaction.atomic
def zero_result_query_dismiss(*, actor, query_id: int) -> None:
    """An operator handled it (added a synonym, asked vendors): remove it from the list."""
    entry = ZeroResultQuery.objects.filter(id=query_id).first()
    if entry is None:
        raise NotFound("No such logged query.", field="query")
    audit_record(actor=actor, action="search.zero_result_query_dismissed", obj=entry, data={"query": entry.query})
    entry.delete()
