from collections import defaultdict

import pytest


@pytest.fixture(autouse=True)
def _core_lifecycle_only(monkeypatch):
    """These tests are about renditions, not approval routes: versions walk through the
    core lifecycle (documents.services) without the hooks other apps plug in. The
    manifest test writes approval signatures itself."""
    from documents import services

    if hasattr(services, "LIFECYCLE_HOOKS"):
        monkeypatch.setattr(services, "LIFECYCLE_HOOKS", defaultdict(list))
