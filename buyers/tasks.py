from celery import shared_task


@shared_task(acks_late=True)
def reservations_expire_task() -> list[str]:
    from buyers.reservations import reservations_expire

    return reservations_expire()


@shared_task(acks_late=True)
def guests_purge_task() -> int:
    from buyers.guests import guests_purge_abandoned

    return guests_purge_abandoned()
