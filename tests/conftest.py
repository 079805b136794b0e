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
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations, django_db_keepdb,
                    django_db_createdb, django_db_modify_db_settings):
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
        db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases=aliases,
                                 serialized_aliases=serialized_aliases, keepdb=keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


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

    project_apps = {"marketplace", "vendors", "buyers", "search", "payouts", "moderation"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        # By package, so the apps inside buyers/ (messaging, reviews, ...) count too.
        if model._meta.app_config.name.split(".")[0] in project_apps
    }
