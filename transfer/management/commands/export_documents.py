"""manage.py export_documents <out.zip> [--department VP] [--type QT] [--number QT-VP-01 ...]

Writes the register (or a filter of it) as a streamed ZIP: every file of every revision,
the controlled PDFs, manifest.json and manifest.xlsx. ``import_documents`` reads it back."""

import time

from django.core.management.base import BaseCommand

from documents.models import Document
from transfer.export import export_to_file


class Command(BaseCommand):
    help = "Export the document register as a ZIP with a manifest (JSON and XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("output")
        parser.add_argument("--department", action="append", default=[])
        parser.add_argument("--type", dest="types", action="append", default=[])
        parser.add_argument("--number", action="append", default=[])

    def handle(self, *args, output, department, types, number, **options):
        documents = Document.objects.all()
        if department:
            documents = documents.filter(department__code__in=department)
        if types:
            documents = documents.filter(doc_type__code__in=types)
        if number:
            documents = documents.filter(number__in=number)
        start = time.monotonic()
        size = export_to_file(output, documents)
        self.stdout.write(
            f"exported {documents.count()} documents to {output}: {size / 1048576:.1f} MB in {time.monotonic() - start:.1f} s"
        )
