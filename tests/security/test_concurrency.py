"""Concurrent wrong passwords on a real PostgreSQL never get more checks than the limit
(the count is taken before the check, atomically). Each thread has its own connection."""

import threading

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection, connections

from signatures.models import SigningAttempt
from signatures.services import SignatureRefused, signing_authenticate
from tests.conftest import CI, _reachable
from tests.documents.factories import UserFactory

ON_SQLITE_BY_CHOICE = connection.vendor != "postgresql" and (not CI or _reachable("127.0.0.1", 5432))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(ON_SQLITE_BY_CHOICE, reason="needs PostgreSQL: runs in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True),
]


def test_fifteen_concurrent_wrong_signing_passwords_get_five_checks():
    # given a signer
    signer = UserFactory()
    barrier = threading.Barrier(15)
    outcomes, errors = [], []

    def attempt():
        try:
            barrier.wait(timeout=30)
            signing_authenticate(user=signer, password="wrong", purpose="race")
        except SignatureRefused as refusal:
            outcomes.append(refusal.message)
        except Exception as error:  # asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    # when fifteen wrong passwords arrive at once
    threads = [threading.Thread(target=attempt) for _ in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then every one is refused, but only the limit of them had the password checked
    assert not errors
    assert len(outcomes) == 15
    limit = settings.AXES_FAILURE_LIMIT
    assert SigningAttempt.objects.filter(user=signer).count() == limit
    assert sum(1 for message in outcomes if "locked until" in message) == 15 - limit
    assert AccessAttempt.objects.get(username=signer.username).failures_since_start == limit
