"""Celery tasks of the vendors app: they take ids and call a service."""

from celery import shared_task


@shared_task(acks_late=True)
def import_job_check_task(job_id: int) -> str:
    from vendors.services.imports import import_job_check

    return import_job_check(job_id=job_id).status


@shared_task(acks_late=True)
def import_job_run_task(job_id: int) -> str:
    from vendors.services.imports import import_job_run

    return import_job_run(job_id=job_id).status


@shared_task(acks_late=True)
def trader_data_purge_task() -> int:
    """Daily: erase trader data kept past the retention period after a vendor closed (DSA Art. 30(3))."""
    from vendors.services.trader import trader_data_purge

    return len(trader_data_purge())


@shared_task
def offer_sales_apply_task() -> int:
    """Every few minutes: start the sales whose start has come, end the ones that are over."""
    from vendors.services.sales import offer_sales_apply

    return offer_sales_apply()


@shared_task(acks_late=True)
def holidays_end_task() -> int:
    """Daily: offers paused for a holiday go live again on the day it ends."""
    from vendors.services.holiday import holidays_end_due

    return len(holidays_end_due())


@shared_task
def product_views_flush_task() -> int:
    """Every 5 minutes: product page views counted in Redis into their daily rows."""
    from vendors.product_views import product_views_flush

    return product_views_flush()
