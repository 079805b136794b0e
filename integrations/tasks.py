from celery import shared_task

from integrations.tracking import parts_auto_deliver


@shared_task
def parts_auto_deliver_task() -> int:
    return len(parts_auto_deliver())
