import uuid

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from search.engine import client as search_client
from tests.factories import CategoryFactory, make_operator


# Property tests assert results, not speed: a busy CI machine must not fail them on timing.
hypothesis_settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("project")


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
