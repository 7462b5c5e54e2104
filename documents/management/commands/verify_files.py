"""Check every stored file against the SHA-256 recorded when it was stored.

Goes through every set registered with ``qms.uploads.stored_file_set_register``
(document versions, cached PDF renditions, audit evidence and reports, nonconformity
attachments; change-request attachments for existence only). Prints one line per file
that is missing or changed and exits 1 if there is any, 0 when all are intact. It only
reads: the nightly sweep (renditions.tasks.stored_files_sweep_task) runs the same check
and alerts the QMS officers.
"""

from django.core.management.base import BaseCommand, CommandError

from qms.uploads import stored_files_verify


class Command(BaseCommand):
    help = "Check every stored file and cached PDF against its recorded SHA-256; exit 1 on any problem."

    def handle(self, *args, **options):
        counter = [0]
        problems = 0
        for problem in stored_files_verify(counter=counter):
            problems += 1
            detail = (
                f"recorded {problem.expected or '-'}, found {problem.found}"
                if problem.problem == "changed"
                else "not in the file storage"
            )
            self.stdout.write(
                f"{problem.problem.upper():8} {problem.file_name}  "
                f"({problem.kind} #{problem.pk}: {problem.record}) {detail}"
            )
        if problems:
            raise CommandError(
                f"{problems} of {counter[0]} stored files are missing or changed.", returncode=1
            )
        self.stdout.write(self.style.SUCCESS(f"All {counter[0]} stored files match their SHA-256."))
