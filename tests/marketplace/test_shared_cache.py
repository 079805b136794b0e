"""The shared Redis cache (issue 20): rate limits counted across processes, sessions read from the
cache, the two-factor state kept in the session, persistent connections in production settings."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, login_operator, make_operator

pytestmark = pytest.mark.django_db

# One process of the site: production settings against this test's database and the shared Redis;
# it sends N anonymous requests to a rate-limited route from one address and prints the statuses.
PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7")
print(json.dumps([client.get("/api/search/autocomplete/", {"q": "ka"}).status_code for _ in range(int(sys.argv[1]))]))
"""


def run_site_process(requests: int, env: dict[str, str]) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", PROCESS, str(requests)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def site_env(**extra: str) -> dict[str, str]:
    if not os.environ.get("REDIS_URL"):
        pytest.fail("REDIS_URL is not set: run the tests through scripts/with-test-services")
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DEBUG": "0",
        "ALLOW_INSECURE_SECRET_KEY": "1",
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_KEY_PREFIX": f"test-shared-{uuid.uuid4().hex}",  # a fresh count for this test
        "THROTTLE_SEARCH": "3/hour",  # an hour: a slow machine never lets the first hits expire
        **extra,
    }


def test_two_processes_share_one_rate_limit():
    env = site_env()
    first = run_site_process(2, env)
    second = run_site_process(2, env)
    assert 429 not in first
    # The second process has sent one request of its own: it is the third of the limit of 3.
    assert second[0] != 429 and second[1] == 429, (first, second)


def test_processes_without_a_shared_cache_count_alone():
    """The control: the same two processes with per-process memory caches do not see each
    other's requests (what every gunicorn worker did before)."""
    env = site_env(CACHE_REDIS_URL="")
    env.pop("REDIS_URL")
    assert 429 not in run_site_process(2, env) + run_site_process(2, env)


def test_production_settings_use_redis_sessions_and_persistent_connections():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=site_env(), cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    backend, engine, max_age, health = json.loads(done.stdout.strip().splitlines()[-1])
    assert backend == "django_redis.cache.RedisCache"
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert max_age > 0 and health is True


def tables_read(queries) -> list[str]:
    return [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in queries if " FROM " in q["sql"]]


def test_a_signed_in_request_reads_only_the_user_from_the_database():
    buyer = UserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(buyer)
    client.get("/api/cart/")  # the first request of the session records its two-factor state
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/cart/").status_code == 200
    tables = tables_read(queries.captured_queries)
    assert "django_session" not in tables  # from the cache
    assert not [t for t in tables if t.startswith("otp_")]  # from the session
    assert tables.count("auth_user") == 1


def test_a_verified_operator_pays_no_device_query_and_loses_verification_when_the_device_goes():
    operator = make_operator()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_operator(client, operator)
    assert client.get("/console/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/console/").status_code == 200
    assert not [t for t in tables_read(queries.captured_queries) if t.startswith("otp_")]

    # Another session (or the admin) removes the authenticator: this session is no longer
    # verified on its next request, although its own stored state said it was.
    TOTPDevice.objects.filter(user=operator).delete()
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/setup/")


def test_turning_two_factor_on_elsewhere_applies_to_an_open_session():
    buyer = UserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(buyer)
    assert client.get("/api/cart/").status_code == 200
    TOTPDevice.objects.create(user=buyer, name="authenticator", confirmed=True)  # set up in another session
    assert client.get("/api/cart/").status_code == 403
