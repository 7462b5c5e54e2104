import pytest


@pytest.fixture
def seeded_rows(transactional_db):
    """Transactional tests: put back the rows migrations seed (role groups and their
    permissions, the default route template...) when an earlier transactional test's
    flush removed them."""
    from qms.reference_data import reference_data_ensure

    reference_data_ensure()
