"""Outbox delivery through a real Celery worker process and a real Redis broker."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from marketplace.models import OutboxEvent
from search.engine import client as search_client
from search.engine import products_alias
from tests.factories import CategoryFactory, make_offer, make_vendor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def celery_worker(search_index):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("REDIS_URL is not set: run the tests through `make test`")
    db = connection.settings_dict
    env = {
        **os.environ,
        # The worker uses the test database and this test's index.
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "OPENSEARCH_INDEX_PREFIX": search_index,
        "OUTBOX_DELIVERY": "celery",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "marketplace",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


def test_worker_delivers_outbox_rows_queued_through_redis(celery_worker, settings):
    settings.OUTBOX_DELIVERY = "celery"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from marketplace.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["REDIS_URL"]
    try:
        vendor, owner = make_vendor(name="Alpha")
        offer = make_offer(vendor=vendor, owner=owner, category=CategoryFactory(), title="Espressomaschine")
        # Committed: the on-commit hook queued a drain task on Redis; the worker runs it.
        deadline = time.monotonic() + 180  # a worker starting on a busy 2-core machine
        while OutboxEvent.objects.filter(delivered_at__isnull=True).exists():
            assert time.monotonic() < deadline, "the worker did not deliver the outbox in time"
            assert celery_worker.poll() is None, "the worker died"
            time.sleep(0.2)
        search_client().indices.refresh(index=products_alias())
        assert (
            search_client().get(index=products_alias(), id=offer.product_id)["_source"]["title"] == "Espressomaschine"
        )
    finally:
        app.conf.task_always_eager = True
