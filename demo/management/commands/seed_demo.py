"""``manage.py seed_demo``: the whole demo, each app's part in order. Idempotent: every
part matches what it makes by a natural key (username, code, title), so running it again
changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo import (
    audits,
    documents,
    dossiers,
    management_reviews,
    nonconformities,
    objectives,
    procedures,
    risks,
)

PARTS = [
    documents,
    audits,
    nonconformities,
    procedures,
    dossiers,
    objectives,
    risks,
    management_reviews,
]  # each part uses what the ones before it made


class Command(BaseCommand):
    help = "Load the demo: departments, users, documents, audits, nonconformities and feedback (idempotent)."

    def handle(self, *args, **options):
        # Demo signers and readers get inbox entries, but nobody is e-mailed while seeding.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        for part in PARTS:
            self.stdout.write(part.load())
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
