"""Transactional outbox: changes bound for other systems are rows written with the change.

``outbox_publish`` must run inside the transaction that makes the change. After commit the
rows are delivered by ``outbox_deliver``: each batch is claimed with a short lease in its own
transaction, handed to the topic's handler with no lock held, and marked delivered only when
the handler returns. A failing handler leaves the rows for a retry with exponential backoff; a
crashed consumer's lease simply runs out. Handlers must therefore be idempotent.

Handlers get one event at a time, and each event is marked delivered as soon as its handler
returns: a worker killed after three of ten e-mails went out re-sends none of those three, only
the rest (what is left is the moment between the mail server's "accepted" and that UPDATE). A
topic whose handler is idempotent by nature and gains from batches (search indexing) registers
with ``batch=True`` and gets the claimed events of its topic together.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.db_router import reads_from_primary
from marketplace.models import OutboxEvent

logger = logging.getLogger(__name__)

Handler = Callable[[list[OutboxEvent]], None]
_handlers: dict[str, Handler] = {}
_batched: set[str] = set()

LEASE = timedelta(minutes=2)
MAX_BACKOFF_SECONDS = 300


def outbox_register(topic: str, handler: Handler, *, batch: bool = False) -> None:
    _handlers[topic] = handler
    if batch:
        _batched.add(topic)
    else:
        _batched.discard(topic)


def outbox_publish(*, topic: str, key: str, payload: dict | None = None) -> OutboxEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_publish must be called inside the transaction that makes the change")
    event = OutboxEvent.objects.create(topic=topic, key=key, payload=payload or {}, available_at=timezone.now())
    # One delivery per transaction is enough however many rows it wrote.
    connection = transaction.get_connection()
    if not any(callback is _schedule_delivery for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_schedule_delivery)
    return event


def outbox_publish_many(events: list[tuple[str, str, dict]]) -> list[OutboxEvent]:
    """Several (topic, key, payload) rows in one INSERT; same rules as ``outbox_publish``."""
    if not events:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_publish must be called inside the transaction that makes the change")
    now = timezone.now()
    rows = OutboxEvent.objects.bulk_create(
        OutboxEvent(topic=topic, key=key, payload=payload or {}, available_at=now) for topic, key, payload in events
    )
    connection = transaction.get_connection()
    if not any(callback is _schedule_delivery for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_schedule_delivery)
    return rows


def _schedule_delivery() -> None:
    if settings.OUTBOX_DELIVERY == "celery":
        from marketplace.tasks import outbox_drain_task

        try:
            outbox_drain_task.delay()
        except Exception:  # broker down: the change is committed, the periodic drain delivers it
            logger.exception("could not queue outbox delivery; the periodic drain will deliver")
    else:
        try:
            outbox_deliver()
        except Exception:  # the rows stay; the next delivery or the periodic drain retries
            logger.exception("inline outbox delivery failed")


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def _claim(batch_size: int) -> list[OutboxEvent]:
    now = timezone.now()
    with transaction.atomic():
        events = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True, available_at__lte=now)
            .order_by("id")[:batch_size]
        )
        if events:
            OutboxEvent.objects.filter(id__in=[e.id for e in events]).update(available_at=now + LEASE)
    return events


@reads_from_primary()
def outbox_deliver(*, batch_size: int = 500, max_batches: int | None = None) -> DeliveryReport:
    """Deliver due rows batch by batch until none are left (or ``max_batches`` ran).

    Handlers send what was just committed (search documents, mails), so they read the primary,
    never a replica that may not have the change yet."""
    report = DeliveryReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        events = _claim(batch_size)
        if not events:
            break
        batches += 1
        by_topic: dict[str, list[OutboxEvent]] = defaultdict(list)
        for event in events:
            by_topic[event.topic].append(event)
        for topic, topic_events in by_topic.items():
            groups = [topic_events] if topic in _batched else [[event] for event in topic_events]
            for group in groups:
                _deliver_group(topic, group, report)
        # No early stop on a short batch: handlers may publish follow-up rows (a new order's seller
        # notifications publish their mails), due at once; failed rows wait for their backoff.
    return report


def _deliver_group(topic: str, events: list[OutboxEvent], report: DeliveryReport) -> None:
    ids = [e.id for e in events]
    handler = _handlers.get(topic)
    try:
        if handler is None:
            raise LookupError(f"no outbox handler registered for topic {topic!r}")
        handler(events)
    except Exception as exc:
        logger.warning("outbox delivery of %d %s events failed: %s", len(ids), topic, exc)
        _mark_failed(events, exc)
        report.failed += len(ids)
    else:
        OutboxEvent.objects.filter(id__in=ids).update(delivered_at=timezone.now(), last_error="")
        report.delivered += len(ids)


def _mark_failed(events: list[OutboxEvent], exc: Exception) -> None:
    now = timezone.now()
    for event in events:
        event.attempts += 1
        event.available_at = now + backoff(event.attempts)
        event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    OutboxEvent.objects.bulk_update(events, ["attempts", "available_at", "last_error"])


def outbox_pending_count() -> int:
    return OutboxEvent.objects.filter(delivered_at__isnull=True).count()
