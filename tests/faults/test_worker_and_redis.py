"""The worker or Redis dies in the middle of work: the work resumes, nothing is sent twice.

Real processes throughout: a private redis-server, Celery worker and beat processes killed with
SIGKILL, a real SMTP server, stripe-mock behind the fault proxy. The periodic drain of the beat
schedule (every 10 s) is what picks the work up again, as in production.
"""

import re
from collections import Counter

import pytest
from django.utils import timezone

from marketplace.events import ORDER_CONFIRMED
from marketplace.models import OutboxEvent
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalEntry, Payout, PayoutRun
from tests.factories import UserFactory, make_offer, make_vendor
from tests.faults import processes
from tests.faults.processes import MailServer, wait_for
from tests.faults.stripe_proxy import HOLD, Rule, StripeFaultProxy
from tests.payouts.conftest import deliver, place
from vendors.models import Vendor

pytestmark = pytest.mark.django_db(transaction=True)
ORDER_NUMBER = re.compile(r"\d{6}-[0-9A-F]{8}")


@pytest.fixture
def redis():
    server = processes.services.Redis().start(60)
    yield server
    server.stop()


@pytest.fixture
def mail():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def started(tmp_path):
    """Start worker/beat processes; every one still running is stopped after the test."""
    running = []

    def start(kind: str, env: dict):
        process = processes.worker(env) if kind == "worker" else processes.beat(env, tmp_path / f"beat-{len(running)}")
        running.append(process)
        return process

    yield start
    for process in running:
        processes.stop(process)


def order_mails(mail: MailServer) -> Counter:
    """Order confirmations accepted by the mail server, per order number (the buyers' mails: the
    seller's "new order" notification names the number too)."""
    sellers = set(Vendor.objects.values_list("email", flat=True))
    return Counter(
        ORDER_NUMBER.search(subject).group()
        for recipient, subject in mail.accepted
        if ORDER_NUMBER.search(subject) and recipient not in sellers
    )


def leases_run_out() -> None:
    """A killed worker's claimed rows come back after the lease (2 minutes); skip the wait."""
    OutboxEvent.objects.filter(delivered_at__isnull=True).update(available_at=timezone.now())


def pending_mails() -> int:
    return OutboxEvent.objects.filter(delivered_at__isnull=True, topic=ORDER_CONFIRMED).count()


def make_shop(category, buyers: int):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=3999, stock=100)
    return vendor, offer, [UserFactory() for _ in range(buyers)]


def test_a_worker_killed_while_sending_mails_resumes_and_sends_each_mail_once(category, redis, mail, started):
    vendor, offer, buyers = make_shop(category, 5)
    env = processes.worker_env(redis_url=redis.env["REDIS_URL"], mail=mail)
    with processes.publishing_to(redis.env["REDIS_URL"]):
        orders = [place(buyer, [(offer, 1)]) for buyer in buyers]  # five drain tasks wait in Redis
        mail.hold_after(2)
        worker = started("worker", env)
        # Two confirmations went out; the third is inside the mail server when the worker dies.
        wait_for(mail.holding.is_set, timeout=60, what="the third mail", process=worker)
        processes.kill(worker)
        mail.release()
        assert len(order_mails(mail)) == 2 and pending_mails() == 3

        leases_run_out()
        started("worker", env)
        started("beat", env)
        wait_for(lambda: pending_mails() == 0, timeout=90, what="the periodic drain to send the rest")
    assert order_mails(mail) == Counter({order.number: 1 for order in orders})


def test_orders_placed_while_redis_is_down_are_kept_and_confirmed_once_it_is_back(category, redis, mail, started):
    vendor, offer, buyers = make_shop(category, 3)
    env = processes.worker_env(redis_url=redis.env["REDIS_URL"], mail=mail)
    with processes.publishing_to(redis.env["REDIS_URL"]):
        worker = started("worker", env)
        started("beat", env)
        first = place(buyers[0], [(offer, 1)])
        wait_for(
            lambda: order_mails(mail)[first.number] == 1, timeout=60, what="the first confirmation", process=worker
        )

        redis.stop()
        # The orders commit although their delivery task cannot be queued.
        during = [place(buyer, [(offer, 1)]) for buyer in buyers[1:]]
        assert pending_mails() == 2

        processes.services.Redis(port=redis.port).start(60)  # same address: worker and beat reconnect
        wait_for(lambda: pending_mails() == 0, timeout=120, what="delivery after Redis came back")
    assert order_mails(mail) == Counter({order.number: 1 for order in [first, *during]})
    offer.refresh_from_db()
    assert offer.stock == 100 - 3


def test_a_worker_killed_in_the_middle_of_a_payout_run_pays_every_vendor_exactly_once(
    category, redis, started, settings
):
    sellers = []
    for name in ("Alpha", "Beta", "Gamma", "Delta"):
        vendor, owner = make_vendor(name=name)
        sellers.append(
            (
                vendor,
                make_offer(vendor=vendor, owner=owner, category=category, title=f"{name} Helm", price=2999, stock=10),
            )
        )
    buyer = UserFactory()
    deliver(place(buyer, [(offer, 1) for _, offer in sellers]))
    proxy = StripeFaultProxy(upstream=settings.STRIPE_API_BASE)
    proxy.add(Rule("POST", "/v1/transfers", HOLD, skip=2))  # two transfers go through, the third hangs
    env = processes.worker_env(redis_url=redis.env["REDIS_URL"], STRIPE_API_BASE=proxy.url)
    try:
        with processes.publishing_to(redis.env["REDIS_URL"]):
            from payouts.tasks import payout_run_task

            worker = started("worker", env)
            payout_run_task.delay()
            wait_for(proxy.holding.is_set, timeout=60, what="the third transfer", process=worker)
            processes.kill(worker)
            proxy.released.set()
            run = PayoutRun.objects.get()
            assert run.status == PayoutRun.Status.RUNNING
            # The run's four transfers were in flight together: Stripe acted on two (maybe three),
            # but the worker died before it could write down any answer.
            assert list(run.payouts.values_list("status", flat=True)) == ["pending"] * 4

            started("worker", env)
            payout_run_task.delay()  # the next scheduled run finishes the crashed one first
            wait_for(
                lambda: not Payout.objects.filter(status=Payout.Status.PENDING).exists(),
                timeout=60,
                what="the resumed run",
            )
    finally:
        proxy.close()
    payouts = list(Payout.objects.all())
    assert len(payouts) == 4 and {p.status for p in payouts} == {Payout.Status.PAID}
    assert sorted(p.vendor_id for p in payouts) == sorted(v.id for v, _ in sellers)  # nobody twice
    # Transfers that reached Stripe before the kill were sent again on resume, with the same key
    # each: Stripe answers a repeated key with the first transfer, so each vendor is paid once.
    transfers = Counter(proxy.keys("POST", "/v1/transfers", outcome="forwarded"))
    assert set(transfers) == {p.idempotency_key for p in payouts} and max(transfers.values()) <= 2
    assert JournalEntry.objects.filter(kind="payout").count() == 4
    for vendor, _ in sellers:
        assert account_balance(vendor_payable(vendor.id), "EUR").amount == 0
