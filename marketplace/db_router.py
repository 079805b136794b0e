"""Reads that tolerate lag go to the database replica, everything else to the primary.

Routing is explicit: only code wrapped in ``reads_from_replica`` (a decorator or a context
manager) may read from the replica; the selectors that use it are those whose readers accept
data a moment old (the search fallback listing, reports, public catalogue pages). Everything else
- every write, every read inside a transaction (the code must see its own writes), every read
after a write in the same replica block, every read outside ``reads_from_replica``, the outbox
consumer (``reads_from_primary``) - goes to the primary ("default").

The replica is skipped, and its readers served by the primary, when routing is off
(``DATABASE_REPLICA_ROUTING``), when there is no ``replica`` database, when it does not answer,
or when it is further behind than ``DATABASE_REPLICA_MAX_LAG`` seconds. The state is checked at
most every ``DATABASE_REPLICA_CHECK_SECONDS`` per process. A function decorated with
``reads_from_replica`` whose replica fails mid-way is run again on the primary.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)

# Lag in seconds as the standby sees it: nothing received waits for replay -> 0; else the age of
# the last replayed transaction, or infinite when none was replayed since it started (behind by
# an unknown amount). A server that is not a standby (the test mirror) has no lag.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
END
"""


class _ReplicaState:
    """Per process: whether the replica may be read, re-checked every few seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.checked_at = float("-inf")
        self.usable = False
        self.lag: float | None = None

    def reset(self) -> None:
        with self._lock:
            self.checked_at = float("-inf")

    def mark_down(self) -> None:
        with self._lock:
            self.usable, self.lag, self.checked_at = False, None, time.monotonic()

    def is_usable(self) -> bool:
        now = time.monotonic()
        if now - self.checked_at < settings.DATABASE_REPLICA_CHECK_SECONDS:
            return self.usable
        with self._lock:
            if now - self.checked_at < settings.DATABASE_REPLICA_CHECK_SECONDS:
                return self.usable
            self.lag = replica_lag()
            self.usable = self.lag is not None and self.lag <= settings.DATABASE_REPLICA_MAX_LAG
            self.checked_at = time.monotonic()
            if not self.usable:
                logger.warning("Database replica skipped (lag %s s); reading from the primary", self.lag)
            return self.usable


state = _ReplicaState()


def replica_configured() -> bool:
    return settings.DATABASE_REPLICA_ROUTING and REPLICA in settings.DATABASES


def replica_lag() -> float | None:
    """Seconds the replica is behind, or None when it cannot be asked."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return 0.0
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])
    except (OperationalError, InterfaceError):
        connection.close()
        return None


def _primary_in_transaction() -> bool:
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


def replica_in_use() -> bool:
    """Whether a read here and now goes to the replica."""
    return _replica_reads.get() and replica_configured() and not _primary_in_transaction() and state.is_usable()


class reads_from_replica(ContextDecorator):  # noqa: N801 - used like a function
    """Let the reads inside go to the replica when it is up to date (see the module docstring).

    As a decorator it also falls back: if the replica fails during the call, the call is run
    again on the primary (selectors only read, so running one twice is harmless)."""

    def __init__(self):
        self._tokens = []

    def _recreate_cm(self):
        return type(self)()

    def __enter__(self):
        self._tokens.append(_replica_reads.set(True))
        return self

    def __exit__(self, *exc):
        _replica_reads.reset(self._tokens.pop())
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with reads_from_replica():
                if not replica_in_use():
                    return _on_primary(func, args, kwargs)
                try:
                    return func(*args, **kwargs)
                except (OperationalError, InterfaceError):
                    logger.warning("Database replica failed during %s; reading from the primary", func.__qualname__)
                    connections[REPLICA].close()
                    state.mark_down()
                    return _on_primary(func, args, kwargs)

        return wrapper


class reads_from_primary(ContextDecorator):  # noqa: N801 - used like a function
    """The reads inside go to the primary, even within ``reads_from_replica`` (code that must see
    what was just committed: the outbox consumer)."""

    def __init__(self):
        self._tokens = []

    def _recreate_cm(self):
        return type(self)()  # each decorated call its own token: calls run in several threads

    def __enter__(self):
        self._tokens.append(_replica_reads.set(False))
        return self

    def __exit__(self, *exc):
        _replica_reads.reset(self._tokens.pop())
        return False


def _on_primary(func, args, kwargs):
    token = _replica_reads.set(False)
    try:
        return func(*args, **kwargs)
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Django database router: the replica only for reads inside ``reads_from_replica``."""

    def db_for_read(self, model, **hints):
        return REPLICA if replica_in_use() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Whatever writes must read its own writes: the rest of the enclosing replica block
        # reads the primary (the block's end restores the context).
        if _replica_reads.get():
            _replica_reads.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the standby copies the primary's schema
