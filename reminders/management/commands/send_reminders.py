"""Run the daily sweep now (for sites that prefer cron to Celery beat).

Same code as the beat task: due events are recorded once in the outbox, pending rows
are delivered (through the broker when REDIS_URL is set, in this process otherwise).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders.services import reminders_sweep


class Command(BaseCommand):
    help = "Find due events (reviews, effective dates, approvals...) and send their reminders once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Sweep as if today were this date (YYYY-MM-DD). Default: today in TIME_ZONE.",
        )

    def handle(self, *args, **options):
        result = reminders_sweep(today=options["date"])
        for kind, found in result.found.items():
            self.stdout.write(f"{kind}: {found} due")
        self.stdout.write(
            f"new reminders recorded: {result.recorded}; deliveries enqueued: {result.enqueued}"
        )
        if result.errors:
            for kind, error in result.errors.items():
                self.stderr.write(f"{kind} failed: {error}")
            raise CommandError("some reminder kinds failed; see above")
