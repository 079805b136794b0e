"""Payout runs: pay every seller its available balance with one Stripe Transfer each.

Crash safety: the Payout rows and their ledger entries are committed first (under a lock
that keeps two runs from paying the same balance); transfers are sent afterwards, each with
a key derived from its row, and each result is saved. A run that died half-way is resumed by
sending its still-pending payouts again: Stripe answers a repeated key with the first
transfer instead of a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.money import Money
from marketplace.webhook_events import PAYOUT_PAID, webhook_event_publish
from payouts import stripe_gateway
from payouts.ledger import PLATFORM_CASH, EntrySpec, credit, debit, ledger_post, ledger_post_many, vendor_payable
from payouts.models import Payout, PayoutHold, PayoutRun
from payouts.selectors.balances import vendor_available_balances
from vendors.models import Vendor
from vendors.notifications import seller_notify

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)
SEND_BATCH = 200
SEND_THREADS = 8
RUN_LOCK_ID = 0x7061796F  # "payo": one payout run creates payouts at a time


def _lock_runs() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK_ID])


def payout_run_start(
    *, trigger: str, actor=None, currency: str | None = None, progress: Progress | None = None
) -> PayoutRun:
    """Create this run's payouts (one transaction), then send them. Returns the finished run."""
    currency = currency or settings.MARKETPLACE_CURRENCY
    with transaction.atomic():
        _lock_runs()
        run = PayoutRun.objects.create(trigger=trigger, currency=currency, created_by=actor)
        balances = vendor_available_balances(currency=currency)
        candidates = {
            vendor_id: amount for vendor_id, amount in balances.items() if amount >= settings.MARKETPLACE_PAYOUT_MINIMUM
        }
        held = set(PayoutHold.objects.filter(vendor_id__in=candidates).values_list("vendor_id", flat=True))
        # Negative or small balances simply stay in the ledger and carry forward.
        accounts = dict(
            Vendor.objects.filter(id__in=set(candidates) - held, payouts_enabled=True)
            .exclude(stripe_account_id="")
            .values_list("id", "stripe_account_id")
        )
        payouts = Payout.objects.bulk_create(
            Payout(run=run, vendor_id=vendor_id, currency=currency, amount=candidates[vendor_id], destination=account)
            for vendor_id, account in sorted(accounts.items())
        )
        ledger_post_many(
            entries=[
                EntrySpec(
                    kind="payout",
                    reference=f"payout-{p.pk}",
                    idempotency_key=f"payout:{p.pk}",
                    postings=[
                        debit(vendor_payable(p.vendor_id), Money(p.amount, currency)),
                        credit(PLATFORM_CASH, Money(p.amount, currency)),
                    ],
                    memo=f"Payout run {run.pk}",
                )
                for p in payouts
            ]
        )
        run.vendors_considered = len(balances)
        run.save(update_fields=["vendors_considered"])
        # Scheduled runs (no actor) move money too: their entry has no actor but the trigger.
        audit_record(
            actor=actor, action="payout_run.started", obj=run, data={"payouts": len(payouts), "trigger": run.trigger}
        )
    payout_run_send(run_id=run.pk, progress=progress)
    run.refresh_from_db()
    return run


def _send_one(payout: Payout) -> tuple[int, str, str]:
    """(payout id, transfer id, error); both empty when Stripe was unreachable (stays pending)."""
    try:
        result = stripe_gateway.transfer_create(
            amount=Money(payout.amount, payout.currency),
            destination=payout.destination,
            idempotency_key=payout.idempotency_key,
            description=f"Payout {payout.pk}",
        )
    except stripe_gateway.PaymentGatewayUnavailable as exc:
        logger.warning("payout %s stays pending: %s", payout.pk, exc.message)
        return payout.pk, "", ""
    except DomainError as exc:
        return payout.pk, "", exc.message or "refused"
    return payout.pk, result.id, ""


def payout_run_send(*, run_id: int, progress: Progress | None = None) -> PayoutRun:
    """Send the run's pending transfers in batches (network calls in threads, no lock held)."""
    run = PayoutRun.objects.get(id=run_id)
    pending = list(Payout.objects.filter(run=run, status=Payout.Status.PENDING).order_by("id"))
    total, done = len(pending), 0
    with ThreadPoolExecutor(max_workers=SEND_THREADS) as pool:
        for start in range(0, total, SEND_BATCH):
            batch = pending[start : start + SEND_BATCH]
            results = list(pool.map(_send_one, batch))
            _save_results(batch, results)
            done += len(batch)
            if progress:
                progress(done, total)
    if not Payout.objects.filter(run=run, status=Payout.Status.PENDING).exists():
        PayoutRun.objects.filter(id=run.id, status=PayoutRun.Status.RUNNING).update(
            status=PayoutRun.Status.FINISHED, finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def _save_results(batch: list[Payout], results: list[tuple[int, str, str]]) -> None:
    by_id = {p.pk: p for p in batch}
    now = timezone.now()
    paid, failed = [], []
    for payout_id, transfer_id, error in results:
        payout = by_id[payout_id]
        if transfer_id:
            payout.status, payout.stripe_transfer_id, payout.sent_at = Payout.Status.PAID, transfer_id, now
            paid.append(payout)
        elif error:
            payout.status, payout.error = Payout.Status.FAILED, error[:2000]
            failed.append(payout)
    Payout.objects.bulk_update(paid, ["status", "stripe_transfer_id", "sent_at"])
    for payout in paid:
        seller_notify(
            vendor_id=payout.vendor_id,
            kind="payout",
            key=f"payout:{payout.pk}",
            params={"amount": payout.amount, "currency": payout.currency, "payout": payout.pk},
            url=f"{reverse('frontend:seller_payouts')}?vendor={payout.vendor_id}",
        )
        webhook_event_publish(
            event_type=PAYOUT_PAID,
            vendor_id=payout.vendor_id,
            data={"payout_id": payout.id, "amount": payout.amount, "currency": payout.currency},
        )
    Payout.objects.bulk_update(failed, ["status", "error"])
    for payout in failed:
        # The money was not sent: it is owed to the seller again.
        amount = Money(payout.amount, payout.currency)
        ledger_post(
            kind="payout_failed",
            reference=f"payout-{payout.pk}",
            idempotency_key=f"payout_failed:{payout.pk}",
            postings=[debit(PLATFORM_CASH, amount), credit(vendor_payable(payout.vendor_id), amount)],
            memo=f"Transfer refused: {payout.error}"[:500],
        )


def payout_runs_resume(*, progress: Progress | None = None) -> list[PayoutRun]:
    """Send what crashed runs left pending (same keys, so nobody is paid twice)."""
    return [
        payout_run_send(run_id=run.pk, progress=progress)
        for run in PayoutRun.objects.filter(status=PayoutRun.Status.RUNNING).order_by("id")
    ]


@transaction.atomic
def payout_hold_set(*, actor, vendor_id: int, reason: str) -> PayoutHold:
    if not reason.strip():
        raise DomainError(_("Give a reason for holding this vendor's payouts."), field="reason")
    vendor = Vendor.objects.filter(id=vendor_id).first()
    if vendor is None:
        raise NotFound(_("No such vendor."), field="vendor")
    hold, created = PayoutHold.objects.get_or_create(
        vendor=vendor, defaults={"reason": reason.strip()[:500], "created_by": actor}
    )
    if not created:
        raise Conflict(_("This vendor's payouts are already on hold."), field="vendor")
    audit_record(actor=actor, action="payout.hold", obj=vendor, reason=hold.reason)
    return hold


@transaction.atomic
def payout_hold_release(*, actor, vendor_id: int, reason: str = "") -> None:
    deleted, _by_model = PayoutHold.objects.filter(vendor_id=vendor_id).delete()
    if not deleted:
        raise NotFound(_("This vendor's payouts are not on hold."), field="vendor")
    audit_record(actor=actor, action="payout.release", obj=Vendor.objects.get(id=vendor_id), reason=reason)
