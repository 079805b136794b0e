"""Two web servers and two Celery workers on the same PostgreSQL, Redis and OpenSearch behave
like one: sessions, rate limits and the cache are shared; a web server killed during checkouts
leaves one order per buyer (retries on the other server); a worker killed during a payout run
leaves each vendor paid once; of two beats only one sends the periodic tasks.

Real processes throughout (gunicorn, celery worker and beat, redis-server, stripe-mock behind
the fault proxy). Slow: ``make test-deep`` (or MARKETPLACE_DRILLS=1) runs them.
"""

import json
import threading
import time
from collections import Counter

import psycopg
import pytest
import requests
from django.core.cache import cache

from buyers.services import cart_item_add
from payouts.ledger import account_balance, vendor_payable
from payouts.models import JournalEntry, Payout
from tests.factories import PASSWORD, UserFactory, make_offer, make_vendor
from tests.faults import processes
from tests.faults.processes import database_url, wait_for
from tests.faults.scale import Web, checkout_through
from tests.faults.stripe_proxy import HOLD, Rule, StripeFaultProxy
from tests.payouts.conftest import deliver, place

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.deep]


@pytest.fixture
def webs():
    running = []

    def start(**env):
        server = Web(**env)
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()


def test_two_web_servers_share_sessions_and_rate_limits(webs):
    buyer = UserFactory()
    # Plain http on loopback: the session cookie without the Secure flag (TLS ends at the proxy).
    insecure = {"SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0"}
    a, b = webs(THROTTLE_AUTH="4/min", **insecure), webs(THROTTLE_AUTH="4/min", **insecure)

    browser = requests.Session()
    login = browser.post(
        f"{a.url}/api/accounts/login/",
        json={"email": buyer.email, "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert login.status_code == 200, login.text
    # The session made on A is known to B: it lives in the shared cache (and the database).
    me = browser.get(f"{b.url}/api/accounts/me/")
    assert me.status_code == 200 and me.json()["email"] == buyer.email
    session_key = browser.cookies["sessionid"]
    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None

    # One rate limit for both: 4 login attempts a minute from this address, wherever they land
    # (one was the login above).
    statuses = []
    for i in range(6):
        server = (a, b)[i % 2]
        statuses.append(
            requests.post(
                f"{server.url}/api/accounts/login/",
                json={"email": buyer.email, "password": "wrong-password"},
                headers={"Accept-Language": "en"},
            ).status_code
        )
    print(f"\nlogin attempts after the login, alternating A/B: {statuses}")
    assert statuses == [400, 400, 400, 429, 429, 429]
    assert browser.get(f"{a.url}/api/accounts/me/").status_code == 200  # still signed in on both


BUYERS, QUANTITY, STOCK = 24, 1, 100


def test_a_web_server_killed_during_checkouts_leaves_one_order_per_buyer(category, webs):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=3999, stock=STOCK)
    buyers = [UserFactory() for _ in range(BUYERS)]
    for buyer in buyers:
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=QUANTITY)
    a, b = webs(THROTTLE_CHECKOUT="1000/min"), webs(THROTTLE_CHECKOUT="1000/min")

    results, seen, errors = {}, [], []
    go = threading.Event()

    def buyer_checks_out(buyer):
        go.wait()
        try:
            results[buyer.pk] = checkout_through([a, b], buyer, PASSWORD, f"key-{buyer.pk}", seen)
        except Exception as exc:  # reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=buyer_checks_out, args=(buyer,)) for buyer in buyers]
    for thread in threads:
        thread.start()
    go.set()
    # A dies (SIGKILL, like a crashed machine) once a few orders went through it.
    wait_for(lambda: len(results) >= 4, timeout=120, what="the first orders")
    a.kill()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    assert len(results) == BUYERS
    assert seen, "the kill hit no request: the drill proved nothing"

    with psycopg.connect(database_url()) as db:
        rows = db.execute("SELECT buyer_id, idempotency_key, COUNT(*) FROM marketplace_order GROUP BY 1, 2").fetchall()
        (stock,) = db.execute("SELECT stock FROM vendors_offer WHERE id = %s", [offer.id]).fetchone()
        unbalanced = db.execute(
            "SELECT entry_id FROM payouts_journalline GROUP BY entry_id, currency HAVING SUM(amount) <> 0"
        ).fetchall()
    print(
        f"\ncheckouts: {BUYERS} buyers, {len(rows)} orders, {len(seen)} failed attempts retried on the other"
        f" server ({Counter(map(str, seen))}), stock {STOCK} -> {stock}"
    )
    assert sorted((buyer, key) for buyer, key, _ in rows) == sorted((b.pk, f"key-{b.pk}") for b in buyers)
    assert {count for *_, count in rows} == {1}  # one order per buyer
    assert {r["number"] for r in results.values()} == {
        n for (n,) in psycopg.connect(database_url()).execute("SELECT number FROM marketplace_order")
    }
    assert stock == STOCK - BUYERS * QUANTITY
    assert unbalanced == []


@pytest.fixture
def redis():
    server = processes.services.Redis().start(60)
    yield server
    server.stop()


@pytest.fixture
def started(tmp_path):
    running = []

    def start(kind: str, env: dict):
        process = processes.worker(env) if kind == "worker" else processes.beat(env, tmp_path / f"beat-{len(running)}")
        running.append(process)
        return process

    yield start
    for process in running:
        processes.stop(process)


def test_one_of_two_workers_killed_during_a_payout_run_pays_each_vendor_once(category, redis, started, settings):
    sellers = []
    for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"):
        vendor, owner = make_vendor(name=name)
        sellers.append(
            (vendor, make_offer(vendor=vendor, owner=owner, category=category, title=f"{name} Helm", price=2999))
        )
    deliver(place(UserFactory(), [(offer, 1) for _, offer in sellers]))
    proxy = StripeFaultProxy(upstream=settings.STRIPE_API_BASE)
    proxy.add(Rule("POST", "/v1/transfers", HOLD, skip=3))  # three transfers go through, the fourth hangs
    env = processes.worker_env(redis_url=redis.env["REDIS_URL"], STRIPE_API_BASE=proxy.url)
    try:
        with processes.publishing_to(redis.env["REDIS_URL"]):
            from payouts.tasks import payout_run_task

            first = started("worker", env)
            payout_run_task.delay()
            wait_for(proxy.holding.is_set, timeout=90, what="the fourth transfer", process=first)
            second = started("worker", env)  # both workers run; the first is inside the run
            time.sleep(3)  # the second is up and consuming
            processes.kill(first)
            proxy.released.set()
            # The next scheduled run (here: two at once, as if two beats had sent it) resumes the
            # crashed run on the surviving worker.
            payout_run_task.delay()
            payout_run_task.delay()
            wait_for(
                lambda: (
                    Payout.objects.count() == len(sellers)
                    and not Payout.objects.filter(status=Payout.Status.PENDING).exists()
                ),
                timeout=120,
                what="the resumed run",
                process=second,
            )
    finally:
        proxy.close()
    payouts = list(Payout.objects.all())
    transfers = Counter(proxy.keys("POST", "/v1/transfers", outcome="forwarded"))
    print(
        f"\npayout run: {len(sellers)} vendors, {len(payouts)} payouts, {sum(transfers.values())} transfer requests"
        f" reached Stripe for {len(transfers)} idempotency keys"
    )
    assert {p.status for p in payouts} == {Payout.Status.PAID}
    assert sorted(p.vendor_id for p in payouts) == sorted(v.id for v, _ in sellers)  # each vendor once
    # A transfer sent again after the kill carries its first key: Stripe pays it once.
    assert set(transfers) == {p.idempotency_key for p in payouts}
    assert JournalEntry.objects.filter(kind="payout").count() == len(sellers)
    for vendor, _ in sellers:
        assert account_balance(vendor_payable(vendor.id), "EUR").amount == 0


def published(redis_url: str) -> list[str]:
    """Task names waiting in the broker's default queue (no worker consumes them here)."""
    import redis as redis_client

    queue = redis_client.Redis.from_url(redis_url).lrange("celery", 0, -1)
    return [json.loads(message)["headers"]["task"] for message in queue]


def drain_times(redis_url: str, seconds: float) -> list[float]:
    """Moments (monotonic) at which a new outbox-drain task was published, over ``seconds``."""
    times, count, ends = [], len([t for t in published(redis_url) if t.endswith("outbox_drain_task")]), None
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        now = len([t for t in published(redis_url) if t.endswith("outbox_drain_task")])
        times += [time.monotonic()] * (now - count)
        count = now
        time.sleep(0.1)
    return times


def test_of_two_beats_one_sends_and_the_other_takes_over_when_it_dies(redis, started):
    """The outbox drain is due every 10 s: two beats must send it once per 10 s, not twice."""
    env = processes.worker_env(redis_url=redis.env["REDIS_URL"], BEAT_LOCK_TTL="6")
    first, second = started("beat", env), started("beat", env)
    # Both beats start (slowly on a busy machine); the first drain is due 10 s after that.
    wait_for(
        lambda: "marketplace.tasks.outbox_drain_task" in published(redis.env["REDIS_URL"]),
        timeout=90,
        what="the first drain",
    )
    times = drain_times(redis.env["REDIS_URL"], 32)
    gaps = [round(b - a, 1) for a, b in zip(times, times[1:])]
    print(f"\ntwo beats: {len(times)} more outbox drains sent in 32 s, gaps {gaps}")
    # One beat sends one every 10 s (3 in 32 s); two unlocked beats would send two each time.
    assert 2 <= len(times) <= 4 and min(gaps, default=10) > 8

    import redis as redis_client

    holder = redis_client.Redis.from_url(redis.env["REDIS_URL"]).get(
        f"{processes.os.environ['CACHE_KEY_PREFIX']}:beat-leader"
    )
    leader = first if f":{first.pid}:".encode() in holder else second
    processes.kill(leader)  # no release: the standby waits for the lock to run out
    after = drain_times(redis.env["REDIS_URL"], 30)
    gaps = [round(b - a, 1) for a, b in zip(after, after[1:])]
    print(f"after the leader was killed: {len(after)} drains in 30 s, gaps {gaps}")
    assert len(after) >= 1 and min(gaps, default=10) > 8
