import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Vietnamese leaves the language active in this thread; start clean.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def cast(db):
    from tests.nonconformities.factories import Cast

    return Cast()
