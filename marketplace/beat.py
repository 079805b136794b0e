"""One beat at a time: a Celery beat scheduler that sends periodic tasks only while it holds a
lock in Redis.

Run a beat process on two machines (or restart one while the old one still runs) and only the
lock holder sends; the other keeps its schedule in step (entries fall due and are marked run on
both), sending nothing, so when it takes over - the holder stopped, or died and its lock ran out
after ``BEAT_LOCK_TTL`` seconds - nothing that was sent is sent again in a burst. The holder
renews the lock on every tick (ticks are at most a third of the TTL apart).

Without Redis (tasks run eagerly, the embedded default) there is no lock: one process, one beat.
Selected by ``CELERY_BEAT_SCHEDULER`` in the settings.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

# Take the lock if it is free, or renew it if it is ours; 1 when held afterwards.
ACQUIRE_OR_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
elseif redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return 1
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


def lock_key() -> str:
    return f"{settings.CACHE_KEY_PREFIX}:beat-leader"


class LockedScheduler(PersistentScheduler):
    """PersistentScheduler that applies due entries only while holding the beat lock."""

    def __init__(self, *args, **kwargs):
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.leader = False
        self._redis = None
        if settings.REDIS_URL:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        super().__init__(*args, **kwargs)
        # Renew well before the lock runs out.
        self.max_interval = min(self.max_interval, settings.BEAT_LOCK_TTL / 3)

    def _hold_lock(self) -> bool:
        if self._redis is None:
            return True
        try:
            held = bool(
                self._redis.eval(ACQUIRE_OR_RENEW, 1, lock_key(), self.token, int(settings.BEAT_LOCK_TTL * 1000))
            )
        except Exception as error:  # noqa: BLE001 - Redis away: send nothing, try again next tick
            logger.warning("beat lock: Redis unavailable (%s); not sending", error)
            held = False
        if held != self.leader:
            logger.warning("beat %s: %s", self.token, "holds the lock, sending" if held else "standing by")
        self.leader = held
        return held

    def tick(self, *args, **kwargs):
        self._hold_lock()
        return super().tick(*args, **kwargs)

    def apply_entry(self, entry, producer=None):
        if not self.leader:
            logger.debug("beat standing by: %s is due but the other beat sends it", entry.name)
            return
        super().apply_entry(entry, producer=producer)

    def release(self) -> None:
        """Give the lock up at once (a clean shutdown), so the standby need not wait for the TTL."""
        if self._redis is not None and self.leader:
            try:
                self._redis.eval(RELEASE, 1, lock_key(), self.token)
            except Exception:  # noqa: BLE001 - the lock runs out by itself
                pass
        self.leader = False

    def close(self):
        self.release()
        super().close()
