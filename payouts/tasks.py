"""Celery tasks take ids or nothing and call one service."""

from celery import shared_task


@shared_task(acks_late=True)
def payout_run_task() -> dict:
    from payouts.models import PayoutRun
    from payouts.services.payout_runs import payout_run_start, payout_runs_resume

    resumed = payout_runs_resume()  # first finish what a crashed run left pending
    run = payout_run_start(trigger=PayoutRun.Trigger.SCHEDULE)
    return {"run": run.pk, "resumed": [r.pk for r in resumed]}


@shared_task(acks_late=True)
def stripe_events_retry_task() -> dict:
    from payouts.services.webhooks import stripe_events_retry

    return {"processed": stripe_events_retry()}


@shared_task(acks_late=True)
def dunning_run_task() -> dict:
    from payouts.services.dunning import dunning_run

    report = dunning_run()
    return {str(level): numbers for level, numbers in report.sent.items()}
