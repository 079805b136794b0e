import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Services called outside a request speak the shop's default language (German); these tests
    read the English texts unless they switch language themselves."""
    with translation.override("en"):
        yield
