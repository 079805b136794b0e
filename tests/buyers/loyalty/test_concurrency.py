"""Two redemptions of the same points at once: the account row lock makes the second one see the
first, so the balance never goes below zero (PostgreSQL, two real connections)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from buyers.loyalty.models import PointsEntry
from buyers.loyalty.selectors import points_balance
from buyers.loyalty.services import _append, _locked, loyalty_account_ensure
from marketplace.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _waits_for_me(blocked_pid: int, timeout: float = 10.0) -> bool:
    """True once backend ``blocked_pid`` (the second redemption) waits on a lock this connection
    holds. pg_blocking_pids() names the holders of what a backend waits for, so lock waits of
    other tests' backends in the same cluster (pytest-xdist workers) cannot satisfy it."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_backend_pid() = ANY(pg_blocking_pids(%s))", [blocked_pid])
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def test_second_concurrent_redemption_sees_the_first():
    user = UserFactory()
    account = loyalty_account_ensure(user=user)
    PointsEntry.objects.create(account=account, kind="referral_bonus", points=100, balance_after=100, key="seed")
    results = {}
    first_locked = threading.Event()
    second_connected = threading.Event()

    def second():
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute("SELECT pg_backend_pid()")
                results["pid"] = cursor.fetchone()[0]
            second_connected.set()
            first_locked.wait(10)
            with transaction.atomic():
                _append(account=_locked(user), kind="redeemed", points=-60, key="second")
            results["second"] = "ok"
        except DomainError as exc:
            results["second"] = exc.field
        finally:
            connections.close_all()

    worker = threading.Thread(target=second)
    worker.start()
    assert second_connected.wait(10), "the second redemption could not connect"
    with transaction.atomic():
        locked = _locked(user)
        first_locked.set()
        waited = _waits_for_me(results["pid"])
        _append(account=locked, kind="redeemed", points=-60, key="first")
    worker.join(20)
    assert waited, "the second redemption did not wait for the account lock"
    assert results["second"] == "points"
    assert points_balance(user=user) == 40
