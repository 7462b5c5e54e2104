"""manage.py import_documents <zip-or-folder> [--master-list list.xlsx|csv] [--dry-run] [--as officer]

Prints the dry-run report (one line per row); without --dry-run applies it, row by row,
resumable: running it again skips what is already in (same number, revision, SHA-256)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from organisation.services import system_user
from transfer.masterlist import MasterListError
from transfer.planning import summary
from transfer.reports import report_lines
from transfer.services import batch_plan, batch_run, batch_summary
from transfer.sources import SourceError


class Command(BaseCommand):
    help = "Import an existing document register (ZIP or folder, optional master list)."

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--master-list", dest="master_list")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--as", dest="actor", help="username of the importing QMS officer")
        parser.add_argument("--report", help="write the dry-run report to this CSV file")
        parser.add_argument("--quiet", action="store_true", help="print the summary only")

    def handle(self, *args, source, master_list, dry_run, actor, report, quiet, **options):
        user = get_user_model().objects.filter(username=actor).first() if actor else None
        if actor and user is None:
            raise CommandError(f"No user {actor!r}.")
        user = user or _superuser() or system_user()
        if not user.has_perm("documents.register_document") and not user.is_superuser:
            raise CommandError(f"{user} is not a QMS officer.")
        try:
            batch = batch_plan(actor=user, source=source, master_list=master_list)
        except (SourceError, MasterListError) as exc:
            raise CommandError(str(exc)) from None
        if report:
            with open(report, "w", encoding="utf-8-sig", newline="") as handle:
                handle.writelines(report_lines(batch))
        if not quiet:
            for row in (r.data for r in batch.rows.order_by("position").iterator(chunk_size=1000)):
                warnings = "".join(f"\n      ! {w}" for w in row["warnings"])
                rev = f" rev {row['revision']:02d}" if row["revision"] else ""
                self.stdout.write(
                    f"{row['action']:<13} {row['number']}{rev} {row['file']}: {row['message']}{warnings}"
                )
        self.stdout.write(f"dry run #{batch.pk}: {summary(batch)}")
        if dry_run:
            return
        batch_run(batch, actor=user)
        self.stdout.write(f"import #{batch.pk} {batch.status}: {batch_summary(batch)}")
        if batch.failure:
            self.stdout.write(f"stopped: {batch.failure}")
        for position, message in batch.rows.filter(outcome="failed").values_list("position", "message"):
            self.stdout.write(f"failed row {position}: {message}")


def _superuser():
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
