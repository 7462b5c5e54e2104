"""``manage.py seed_demo``: the whole demo, each app's part in order. Idempotent: every
part matches what it makes by a natural key (username, code, title), so running it again
changes nothing."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from demo import (
    audits,
    documents,
    dossiers,
    management_reviews,
    nonconformities,
    objectives,
    procedures,
    risks,
    transfer,
)
from demo.hashing import remembering_hasher

PARTS = [
    documents,
    audits,
    nonconformities,
    procedures,
    dossiers,
    objectives,
    risks,
    management_reviews,
    transfer,
]  # each part uses what the ones before it made


class Command(BaseCommand):
    help = "Load the demo: departments, users, documents, audits, nonconformities and feedback (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--timings", action="store_true", help="Print the seconds each part took.")

    def handle(self, *args, **options):
        # Demo signers and readers get inbox entries, but nobody is e-mailed while seeding.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # A demo database is thrown away and made again: no disk sync after each of
            # the thousand commits the services make (they were a third of the time).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Without a worker the controlled PDFs of the ~40 versions made effective would
            # be built in this process (two languages each, a minute); a reader's first
            # request builds and caches them instead, as before the prebuild existed.
            settings.QMS_RENDITION_BUILD_ON_EFFECTIVE = False
        started = time.perf_counter()
        with remembering_hasher():
            for part in PARTS:
                part_started = time.perf_counter()
                self.stdout.write(part.load())
                if options["timings"]:
                    self.stdout.write(f"  {part.__name__}: {time.perf_counter() - part_started:.1f} s")
        if options["timings"]:
            self.stdout.write(f"  total: {time.perf_counter() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
