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


def _someone_waits_for_a_lock(timeout: float = 10.0) -> bool:
    """True once another backend waits on a row lock (the second redemption)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the view is frozen for the transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
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

    def second():
        try:
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
    with transaction.atomic():
        locked = _locked(user)
        first_locked.set()
        waited = _someone_waits_for_a_lock()
        _append(account=locked, kind="redeemed", points=-60, key="first")
    worker.join(20)
    assert waited, "the second redemption did not wait for the account lock"
    assert results["second"] == "points"
    assert points_balance(user=user) == 40
