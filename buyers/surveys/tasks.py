from celery import shared_task


@shared_task(acks_late=True)
def surveys_send_due_task() -> int:
    from buyers.surveys.services import surveys_send_due

    return surveys_send_due()
