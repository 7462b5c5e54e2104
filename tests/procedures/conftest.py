import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def world(db):
    from tests.procedures.factories import World

    return World()
