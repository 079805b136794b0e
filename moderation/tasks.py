"""Celery tasks take ids or nothing and call one service."""

from celery import shared_task


@shared_task(acks_late=True)
def late_shipments_flag_task() -> dict:
    from moderation.services.shipping import late_shipments_flag

    return {"flagged": late_shipments_flag()}


@shared_task(acks_late=True)
def standings_evaluate_task() -> dict:
    from moderation.services.enforcement import standings_evaluate_all

    run = standings_evaluate_all()
    return {"evaluated": run.evaluated, "escalated": run.escalated, "failed": run.failed}
