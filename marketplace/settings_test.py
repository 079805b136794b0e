"""Test settings: production settings plus in-process outbox delivery and eager tasks.

Tests that exercise the real worker (tests/marketplace/test_worker.py) start one against the
Redis that `make test` provides and switch these back for their duration.
"""

import os

from marketplace.settings import *  # noqa: F403

OUTBOX_DELIVERY = "inline"
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
# The webhook tests deliver to a receiver on 127.0.0.1 (production refuses loopback targets).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
# Carrier pushes in tests come from integrations.carriers.simulator with these secrets.
CARRIER_DHL_PUSH_TOKEN = "test-dhl-token"
CARRIER_DPD_PUSH_TOKEN = "test-dpd-token"
CARRIER_GENERIC_SECRET = "test-generic-secret"

# Each xdist worker keeps its own keys in the shared test Redis (tests/conftest.py clears only
# its own before every test), so one worker's cleanup never resets another's rate-limit counts.
CACHE_KEY_PREFIX = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = CACHE_KEY_PREFIX
# Threads in tests (concurrency tests, live servers) open their own connections; persistent ones
# would outlive the test and keep the test database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Page tests read response.context and change rows without committing (no outbox delivery):
# the page cache is off here and on in the tests that are about it (tests/frontend/test_page_cache.py).
STOREFRONT_PAGE_CACHE = False
# Processes a test starts (Celery workers, servers) inherit it, so their keys are cleared with the
# worker's own before the next test instead of outliving the test database they were read from.
os.environ["CACHE_KEY_PREFIX"] = CACHE_KEY_PREFIX  # noqa: F405

# The replica alias always exists in tests (a mirror of the test database unless
# DATABASE_REPLICA_URL names a real standby), but routing to it is off unless a test or the
# environment turns it on (the router tests, the replica drill: tests/faults/test_scale_drills.py).
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASES["replica"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASE_REPLICA_ROUTING = env_bool("DATABASE_REPLICA_ROUTING", False)  # noqa: F405
