import os
import uuid

import pytest
from rest_framework.test import APIClient

from search.engine import client as search_client
from tests import parallel
from tests.examples import load_hypothesis_profile
from tests.factories import CategoryFactory, make_operator

load_hypothesis_profile()


# --- parallel runs (pytest-xdist): see tests/parallel.py ----------------------------------------
_template_key = pytest.StashKey[str]()


def pytest_configure(config):
    worker = parallel.worker_id(config)
    if worker:
        parallel.isolate_worker(worker)


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.deep`` drills (minutes each, clusters of real processes) run in
    ``make test-deep`` or with MARKETPLACE_DRILLS=1; ``make test`` leaves them out (deselected,
    not skipped: they are not part of that suite)."""
    from tests.examples import DEEP

    if DEEP or os.environ.get("MARKETPLACE_DRILLS") == "1":
        return
    kept = [item for item in items if not item.get_closest_marker("deep")]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("deep")])
        items[:] = kept


def pytest_sessionstart(session):
    """In the xdist controller: migrate the one template database the workers copy. Runs
    before xdist starts the workers (its own sessionstart hook runs last)."""
    config = session.config
    if parallel.is_controller(config):
        from pytest_django.plugin import blocking_manager_key

        with config.stash[blocking_manager_key].unblock():
            config.stash[_template_key] = parallel.template_create()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist hook (controller): tell each worker which template to copy."""
    template = node.config.stash.get(_template_key, None)
    if template:
        node.workerinput[parallel.TEMPLATE_KEY] = template


def pytest_sessionfinish(session):
    config = session.config
    template = config.stash.get(_template_key, None)
    if template and parallel.is_controller(config):
        from pytest_django.plugin import blocking_manager_key

        with config.stash[blocking_manager_key].unblock():
            parallel.database_drop(template)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture, except that an xdist worker copies the controller's migrated
    template instead of migrating its own database."""
    template = getattr(request.config, "workerinput", {}).get(parallel.TEMPLATE_KEY)
    if template:
        with django_db_blocker.unblock():
            name, original = parallel.database_clone(template)
        yield
        with django_db_blocker.unblock():
            parallel.database_drop(name)
        return
    # Without xdist: what pytest-django's own django_db_setup does.
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none. With the shared Redis
    cache only this worker's keys (its KEY_PREFIX, settings_test) are deleted."""
    from tests.caching import clear_own_cache

    clear_own_cache()


@pytest.fixture(autouse=True)
def _full_onboarding(request, monkeypatch):
    """``@pytest.mark.full_onboarding``: every vendor make_vendor builds goes through the whole
    onboarding (for tests that check what it leaves behind: audit trail, mails, events)."""
    if request.node.get_closest_marker("full_onboarding"):
        from tests import factories

        monkeypatch.setattr(factories, "FULL_ONBOARDING", True)


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def client_for(user) -> APIClient:
    api_client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api_client.force_authenticate(user)
    return api_client


@pytest.fixture
def operator(db):
    return make_operator()


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def search_index(settings):
    """A private index prefix on the real OpenSearch node, removed after the test."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.OPENSEARCH_INDEX_PREFIX = prefix
    engine = search_client()  # taken now: a test may point the settings at a dead engine
    yield prefix
    for name in engine.indices.get(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True):
        engine.indices.delete(index=name)


def row_counts() -> dict[str, int]:
    """Rows per model of the project's apps, to prove a rejected request changed nothing."""
    from django.apps import apps
    from django.db import connection, models

    project_apps = {"marketplace", "vendors", "buyers", "search", "payouts", "moderation", "integrations"}
    # By package, so the apps inside buyers/ (messaging, reviews, ...) count too.
    project_models = [model for model in apps.get_models() if model._meta.app_config.name.split(".")[0] in project_apps]
    # Models with a plain default manager count every row of their table: all of them in one query
    # (a test calls this twice; a query per model was a hundred round trips each time).
    plain = [model for model in project_models if type(model._default_manager) is models.Manager]
    tables = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in plain)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {tables}")
        counts = dict(zip((model._meta.label for model in plain), cursor.fetchone(), strict=True))
    for model in project_models:
        if model not in plain:  # a manager of its own may leave rows out, as .count() would
            counts[model._meta.label] = model._default_manager.count()
    return {model._meta.label: counts[model._meta.label] for model in project_models}


@pytest.fixture
def on_commit_as_committed(monkeypatch):
    """Run on-commit callbacks (mails, outbox delivery) when the code's own transaction ends,
    as a real commit would, while the test still runs in its rolled-back test transaction.

    For tests that used ``transaction=True`` only to see what is sent after a commit: the test
    transaction is far cheaper than emptying every table after each test. A callback runs when
    the outermost atomic block that is not the test's own exits without an error (or at once,
    if it is registered outside any such block, as in autocommit); a rolled-back block drops its
    callbacks as Django does. What the callbacks were is still visible through their effects
    (``mail.outbox``, delivered outbox rows).
    """
    import logging

    from django.db import connection, transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    logger = logging.getLogger("django.db.backends.base")
    start = len(connection.run_on_commit)  # whatever was pending before the test stays pending
    original_exit = transaction.Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit

    def outside_code_transactions(conn) -> bool:
        return all(block._from_testcase for block in conn.atomic_blocks)

    def run_pending(conn):
        while len(conn.run_on_commit) > start:
            _, func, robust = conn.run_on_commit.pop(start)
            if not robust:
                func()
                continue
            try:
                func()
            except Exception as error:  # noqa: BLE001 - Django logs robust callbacks' errors too
                logger.error("Error calling %s in on_commit() (%s).", func.__qualname__, error, exc_info=True)

    def on_commit(self, func, robust=False):
        original_on_commit(self, func, robust)
        if self.in_atomic_block and self.alias == connection.alias and outside_code_transactions(self):
            run_pending(self)

    def atomic_exit(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        conn = transaction.get_connection(self.using)
        if (
            exc_type is None
            and not self._from_testcase
            and conn.alias == connection.alias
            and conn.in_atomic_block
            and outside_code_transactions(conn)
        ):
            run_pending(conn)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)


@pytest.fixture
def s3_media(settings, tmp_path):
    """Media on the test services' S3-compatible server (SeaweedFS, scripts/services.py) as
    MEDIA_STORAGE=s3 configures it, under a key prefix of this test's own (removed afterwards).
    MEDIA_ROOT points at an empty folder, so a file written to the local disk would show."""
    import os
    from types import SimpleNamespace

    import boto3

    from marketplace.storage_config import s3_media_storage

    endpoint = os.environ.get("S3_ENDPOINT_URL")
    if not endpoint:
        pytest.fail("S3_ENDPOINT_URL is not set: run the tests through scripts/with-test-services")
    values = SimpleNamespace(
        endpoint=endpoint,
        public_bucket=os.environ["S3_MEDIA_PUBLIC_BUCKET"],
        private_bucket=os.environ["S3_MEDIA_PRIVATE_BUCKET"],
        location=f"test-{uuid.uuid4().hex[:12]}",
        media_root=tmp_path / "media",
    )
    values.client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    for bucket in (values.public_bucket, values.private_bucket):  # made at the server's start
        values.client.head_bucket(Bucket=bucket)
    settings.MEDIA_ROOT = values.media_root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_media_storage(
            public_bucket=values.public_bucket,
            private_bucket=values.private_bucket,
            endpoint_url=endpoint,
            access_key=os.environ["S3_ACCESS_KEY_ID"],
            secret_key=os.environ["S3_SECRET_ACCESS_KEY"],
            location=values.location,
        ),
    }
    yield values
    for bucket in (values.public_bucket, values.private_bucket):
        listed = values.client.list_objects_v2(Bucket=bucket, Prefix=f"{values.location}/")
        for item in listed.get("Contents", []):
            values.client.delete_object(Bucket=bucket, Key=item["Key"])
