"""The beat lock (marketplace.beat): of two schedulers only the lock holder sends due tasks; the
other takes over once the holder lets go or its lock runs out. Against the suite's real Redis;
tests/faults/test_web_and_worker_scale.py drills it with two real beat processes."""

import time

import pytest
import redis as redis_client
from celery.beat import ScheduleEntry

from marketplace.beat import LockedScheduler, lock_key
from marketplace.celery import app


@pytest.fixture
def beats(settings):
    if not settings.REDIS_URL:
        pytest.fail("the beat lock needs the suite's Redis (scripts/with-test-services)")
    settings.BEAT_LOCK_TTL = 1.5
    redis_client.Redis.from_url(settings.REDIS_URL).delete(lock_key())
    made = []

    def make():
        scheduler = LockedScheduler(app=app, lazy=True)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.release()


def sending(scheduler) -> list:
    """Record what the scheduler would send, instead of publishing to the broker."""
    sent = []
    scheduler.apply_async = lambda entry, *args, **kwargs: sent.append(entry.task)
    return sent


def test_only_the_lock_holder_sends_and_the_other_takes_over(beats):
    first, second = beats(), beats()
    first_sent, second_sent = sending(first), sending(second)
    entry = ScheduleEntry(name="outbox-drain", task="marketplace.tasks.outbox_drain_task", schedule=10.0, app=app)

    assert first._hold_lock() and not second._hold_lock()
    first.apply_entry(entry)
    second.apply_entry(entry)
    assert (first_sent, second_sent) == (["marketplace.tasks.outbox_drain_task"], [])

    first.release()  # a clean stop gives the lock up at once
    assert second._hold_lock() and not first._hold_lock()
    second.apply_entry(entry)
    first.apply_entry(entry)
    assert len(first_sent) == 1 and len(second_sent) == 1

    # The holder dies (no release, no renewal): the lock runs out after BEAT_LOCK_TTL.
    second._redis = None  # it will never renew again
    second.leader = False
    assert not first._hold_lock()
    time.sleep(1.7)
    assert first._hold_lock()
