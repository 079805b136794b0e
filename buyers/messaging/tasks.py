from celery import shared_task


@shared_task(acks_late=True)
def claims_resolve_task() -> list[int]:
    from buyers.messaging.claims import claims_resolve_overdue

    return claims_resolve_overdue()
