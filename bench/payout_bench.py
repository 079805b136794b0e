"""A payout run over 10,000 vendors against throwaway PostgreSQL and stripe-mock.

Each vendor has one delivered order part past its hold period, booked in the ledger as the
checkout books it. Measures the wall time of ``payout_run_start`` (balances, Payout rows,
ledger entries, one Stripe Transfer per vendor on stripe-mock, saved results) and the database
queries it issues per vendor (django.test.utils.CaptureQueriesContext).

Run: make bench-payouts   (BENCH_VENDORS tunes the size)
"""

import logging
import os
import platform
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import RUN  # noqa: E402
from marketplace.models import Order, VendorOrder  # noqa: E402
from marketplace.money import Money  # noqa: E402
from payouts.ledger import (  # noqa: E402
    BUYER_RECEIVABLE,
    COMMISSION_REVENUE,
    EntrySpec,
    credit,
    debit,
    ledger_post_many,
    vendor_payable,
)
from payouts.models import Payout, PayoutRun  # noqa: E402
from payouts.services.payout_runs import payout_run_start  # noqa: E402
from vendors.models import Vendor  # noqa: E402

logging.getLogger("stripe").setLevel(logging.WARNING)  # one line per request would dominate the output
VENDORS = int(os.environ.get("BENCH_VENDORS", "10000"))
BATCH = 1000


def seed() -> None:
    """Vendors, one delivered order part each, and its sale in the ledger (bulk, for speed)."""
    buyer = get_user_model().objects.create_user(username=f"bench-buyer-{RUN}", email=f"bench-{RUN}@example.test")
    delivered = timezone.now() - timedelta(days=30)
    for start in range(0, VENDORS, BATCH):
        n = range(start, min(start + BATCH, VENDORS))
        vendors = Vendor.objects.bulk_create(
            Vendor(
                name=f"Bench {RUN} {i}",
                slug=f"bench-{RUN}-{i}",
                legal_name=f"Bench {i} GmbH",
                country="DE",
                email=f"v{i}@example.test",
                status=Vendor.Status.APPROVED,
                stripe_account_id=f"acct_bench{RUN}{i:08d}",
                payouts_enabled=True,
                charges_enabled=True,
            )
            for i in n
        )
        orders = Order.objects.bulk_create(
            Order(
                number=f"B-{RUN}-{i:08d}",
                buyer=buyer,
                email=buyer.email,
                status=Order.Status.PLACED,
                payment_method="invoice",
                payment_status="paid",
                currency="EUR",
                items_total_amount=10_000 + i,
                total_amount=10_000 + i,
                shipping_address={},
                idempotency_key=f"b{RUN}-{i}",
            )
            for i in n
        )
        vendor_orders = VendorOrder.objects.bulk_create(
            VendorOrder(
                order=o,
                vendor=v,
                currency="EUR",
                items_amount=o.total_amount,
                commission_amount=1000,
                commission_vat_amount=190,
                payable_amount=o.total_amount - 1190,
                status=VendorOrder.Status.DELIVERED,
                delivered_at=delivered,
            )
            for o, v in zip(orders, vendors)
        )
        ledger_post_many(
            entries=[
                EntrySpec(
                    kind="order_placed",
                    reference=vo.order.number,
                    idempotency_key=f"order_placed:{vo.order_id}",
                    postings=[
                        debit(BUYER_RECEIVABLE, Money(vo.items_amount, "EUR")),
                        credit(vendor_payable(vo.vendor_id), Money(vo.payable_amount, "EUR"), vendor_order_id=vo.id),
                        credit(COMMISSION_REVENUE, Money(1190, "EUR"), vendor_order_id=vo.id),
                    ],
                )
                for vo in vendor_orders
            ]
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    seed()
    seeded = time.perf_counter() - t0
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        run = payout_run_start(trigger=PayoutRun.Trigger.OPERATOR)
        elapsed = time.perf_counter() - t0
    paid = Payout.objects.filter(run=run, status=Payout.Status.PAID).count()
    assert paid == VENDORS, f"only {paid} of {VENDORS} vendors were paid"
    per_vendor = len(queries) / VENDORS
    print(
        f"### {time.strftime('%Y-%m-%d')} on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(f"- seed {VENDORS} vendors with one delivered order each (bulk): {seeded:.1f} s")
    print(f"- payout run: {paid} transfers to stripe-mock, {len(queries)} queries in all")
    print(
        f"payout_run_s_10k_vendors: {elapsed:.1f}"
        if VENDORS == 10_000
        else f"payout_run_s_{VENDORS}_vendors: {elapsed:.1f}"
    )
    print(f"payout_queries_per_vendor: {per_vendor:.3f}")


if __name__ == "__main__":
    main()
