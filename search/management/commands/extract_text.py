"""Re-extract the text of every version: idempotent and resumable (a version whose text
was already taken from the same file is skipped unless --force), progress printed."""

from django.core.management.base import BaseCommand

from documents.models import DocumentVersion
from search.models import VersionText
from search.services import version_text_extract


class Command(BaseCommand):
    help = "Extract the searchable text of every document version (skips those already done)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="extract again even when already done")
        parser.add_argument("--failed", action="store_true", help="only the versions whose extraction failed")

    def handle(self, *args, force=False, failed=False, **options):
        versions = DocumentVersion.objects.order_by("pk").only("pk", "checksum")
        done = dict(
            VersionText.objects.filter(
                status__in=[VersionText.Status.DONE, VersionText.Status.EMPTY]
            ).values_list("version_id", "checksum")
        )
        if failed:
            versions = versions.filter(text_index__status=VersionText.Status.FAILED)
        todo = [v.pk for v in versions if force or failed or done.get(v.pk) != v.checksum or v.pk not in done]
        total = len(todo)
        self.stdout.write(f"{total} versions to extract ({len(done)} already done)")
        counts: dict[str, int] = {}
        for index, version_id in enumerate(todo, start=1):
            status = version_text_extract(version_id=version_id).status
            counts[status] = counts.get(status, 0) + 1
            if index % 50 == 0 or index == total:
                self.stdout.write(
                    f"{index}/{total} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                )
        self.stdout.write(self.style.SUCCESS("Done."))
