import pytest

from reminders.services import reminders_sweep


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the daily sweep like beat does; deliveries (enqueued on commit) run in-process."""

    def run(today=None):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(today=today)

    return run
