"""Schemathesis over the whole OpenAPI schema, through the WSGI app: a handful of generated
requests per operation, sent as a buyer and as a vendor owner. No answer may be a 5xx, and
every documented answer must match the schema. Bounded (``max_examples``) to stay a CI step."""

import base64

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.examples import examples
from tests.factories import PASSWORD, UserFactory, make_vendor
from tests.worlds import module_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# Known 5xx found by this test, reported to the owning app: (method, path) excluded until fixed.
KNOWN_5XX: list[tuple[str, str]] = []
for _method, _path in KNOWN_5XX:
    schema = schema.exclude(method=_method, path=_path)


def _basic(user) -> str:
    return "Basic " + base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The WSGI handler closes "old" connections at each request; inside the test's transaction
    that would drop it. Django's own test client switches this off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _callers_build() -> dict:
    from search.indexing import ensure_index

    # The search endpoints run against an (empty) index of the module's own, whatever ran before
    # in this process. (Without any index they answer 503 with Retry-After, tested in
    # tests/test_bad_input_common.py; Schemathesis counts every 5xx as a server error.)
    ensure_index()
    _, owner = make_vendor(name="Fuzz", approved=False)
    return {"buyer": _basic(UserFactory()), "vendor owner": _basic(owner)}


@pytest.fixture(scope="module")
def _module_callers(django_db_setup, django_db_blocker):
    """The callers and the empty index, made once for the module's hundreds of operations
    (tests/worlds.py); each operation's writes are rolled back after it."""
    with module_world(django_db_blocker, _callers_build, indexed=True) as world:
        yield world


@pytest.fixture
def fuzz_callers(request, settings, _module_callers):
    from search.engine import client as search_client
    from search.engine import products_alias
    from tests.caching import clear_own_cache

    request.getfixturevalue("db")  # this operation's savepoint inside the module's transaction
    settings.OPENSEARCH_INDEX_PREFIX = _module_callers["prefix"]
    clear_own_cache()
    yield _module_callers["data"]
    # Documents an operation indexed outlive its rolled-back rows: the next one starts empty again.
    engine = search_client()
    if engine.count(index=products_alias())["count"]:
        engine.delete_by_query(index=products_alias(), body={"query": {"match_all": {}}}, refresh=True)


@schema.parametrize()
@settings(
    max_examples=examples(5, 50),
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_answers_match_the_schema(case, fuzz_callers):
    from tests.caching import clear_own_cache

    for authorization in fuzz_callers.values():
        clear_own_cache()  # throttles would turn later cases into 429s that check nothing
        case.call_and_validate(
            headers={"Authorization": authorization, "Accept-Language": "en"},
            checks=[not_a_server_error, response_schema_conformance],
        )
