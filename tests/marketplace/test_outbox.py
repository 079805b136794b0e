import pytest
from django.db import transaction
from django.utils import timezone

from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_deliver, outbox_publish, outbox_register
from search.engine import client as search_client
from search.engine import products_alias
from search.indexing import index_refresh
from tests.factories import make_offer, make_vendor
from vendors.services import PRODUCT_CHANGED

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        outbox_publish(topic="t", key="k")


def test_a_down_engine_leaves_the_rows_for_a_retry(search_index, settings, category):
    vendor, owner = make_vendor(name="Alpha")
    outbox_deliver()  # the vendor's own events (status mails, Stripe account) are not the subject here
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Kopfhörer")
    # Only the search index is down; other topics (e.g. Stripe account requests) may go out.
    pending = OutboxEvent.objects.filter(delivered_at__isnull=True, topic=PRODUCT_CHANGED)
    assert pending.exists()  # the test transaction never commits, so nothing was sent yet

    real_url, real_timeout = settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT
    settings.OPENSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.OPENSEARCH_TIMEOUT = 1
    report = outbox_deliver()
    assert report.failed == pending.count() > 0
    event = pending.first()
    assert event.attempts == 1 and "Connection" in event.last_error
    assert event.available_at > timezone.now()  # backing off

    # Back up: due rows go out, and the product is searchable.
    settings.OPENSEARCH_URL, settings.OPENSEARCH_TIMEOUT = real_url, real_timeout
    OutboxEvent.objects.update(available_at=timezone.now())
    report = outbox_deliver()
    assert report.failed == 0 and not pending.exists()
    index_refresh()
    document = search_client().get(index=products_alias(), id=offer.product_id)
    assert document["_source"]["title"] == "Kopfhörer"


def test_failed_handler_does_not_block_other_topics():
    delivered = []

    def broken(events):
        raise ValueError("boom")

    outbox_register("test.broken", broken)
    outbox_register("test.ok", lambda events: delivered.extend(e.key for e in events))
    with transaction.atomic():
        outbox_publish(topic="test.broken", key="a")
        outbox_publish(topic="test.ok", key="b")
    report = outbox_deliver()
    assert report.delivered == 1 and report.failed == 1
    assert delivered == ["b"]
    assert OutboxEvent.objects.get(key="a").delivered_at is None
    # Redelivery is harmless: the delivered row is not sent twice.
    OutboxEvent.objects.update(available_at=timezone.now())
    outbox_deliver()
    assert delivered == ["b"]


def test_each_event_is_marked_delivered_on_its_own_unless_the_topic_batches():
    """A handler that fails on one mail must not make the mails before it go out again."""
    sent, calls = [], []

    def mail(events):
        (event,) = events  # one at a time
        if event.key == "2":
            raise ConnectionError("mail server went away")
        sent.append(event.key)

    outbox_register("test.mail", mail)
    outbox_register("test.bulk", lambda events: calls.append(sorted(e.key for e in events)), batch=True)
    with transaction.atomic():
        for key in ("1", "2", "3"):
            outbox_publish(topic="test.mail", key=key)
            outbox_publish(topic="test.bulk", key=key)
    report = outbox_deliver()
    assert report.delivered == 5 and report.failed == 1
    assert sent == ["1", "3"] and calls == [["1", "2", "3"]]
    assert list(OutboxEvent.objects.filter(delivered_at__isnull=True).values_list("topic", "key")) == [
        ("test.mail", "2")
    ]
    OutboxEvent.objects.update(available_at=timezone.now())
    outbox_deliver()
    assert sent == ["1", "3"]  # nothing re-sent; "2" still fails and waits
