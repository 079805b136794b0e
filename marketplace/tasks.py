from celery import shared_task


@shared_task(acks_late=True)
def outbox_drain_task() -> dict:
    from marketplace.outbox import outbox_deliver

    report = outbox_deliver()
    return {"delivered": report.delivered, "failed": report.failed}
