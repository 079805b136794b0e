"""Test settings: production settings plus in-process outbox delivery and eager tasks.

Tests that exercise the real worker (tests/marketplace/test_worker.py) start one against the
Redis that `make test` provides and switch these back for their duration.
"""

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
