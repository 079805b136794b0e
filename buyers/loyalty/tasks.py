from celery import shared_task


@shared_task
def loyalty_sync_task() -> dict:
    """Deliveries, refunds and cancellations become points entries (idempotent; beat every 5 min)."""
    from buyers.loyalty.services import loyalty_sync

    return loyalty_sync()
