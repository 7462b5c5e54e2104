"""Demo records dated over the past year, written through the real services."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def recorded_on(day: datetime.date, hour: int = 9):
    """Run the services as if it were ``day``: the dates they stamp (closed_at,
    completed_at, issued_at, history) fall over the past year, as in registers kept for a
    year. For the demo only; nothing else may move the clock."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))
    with mock.patch.object(timezone, "now", lambda: moment):
        yield
