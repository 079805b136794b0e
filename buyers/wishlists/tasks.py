from celery import shared_task


@shared_task(acks_late=True)
def wishlist_alerts_check_task() -> int:
    from buyers.wishlists.services import wishlist_alerts_check

    return wishlist_alerts_check()
