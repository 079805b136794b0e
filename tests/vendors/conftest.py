import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services called outside a request speak the shop's default language (German); these tests
    read their messages in English, as the API clients (Accept-Language: en) do. The German
    catalogue has its own tests (test_german_messages.py)."""
    with translation.override("en"):
        yield
