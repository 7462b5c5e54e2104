from django.core.management.base import BaseCommand

from documents.services import version_make_due_effective


class Command(BaseCommand):
    help = "Make effective every approved version whose effective date has come (run daily)."

    def handle(self, *args, **options):
        done = version_make_due_effective()
        self.stdout.write(f"{len(done)} version(s) made effective: {', '.join(map(str, done)) or '-'}")
