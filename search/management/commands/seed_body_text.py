"""``manage.py seed_body_text``: give every effective version that has no extracted text
yet 2-5 pages of believable Vietnamese body text (search.samples), stored as the
extraction would store it (VersionPage rows with their folded text, a VersionText row
marked done with the version's checksum, so ``extract_text`` leaves them alone).

For load tests only (``seed_scale --body-text`` calls it): bulk inserts, no history rows,
no extraction task. Idempotent: versions that already have a VersionText row are skipped.
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from documents.models import DocumentVersion
from documents.workflow import DocumentStatus
from search.models import VersionPage, VersionText
from search.samples import document_pages

BATCH = 2000


class Command(BaseCommand):
    help = "Load tests: 2-5 pages of Vietnamese body text for every effective version without text."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--min-pages", type=int, default=2)
        parser.add_argument("--max-pages", type=int, default=5)

    def handle(self, *args, seed, min_pages, max_pages, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        todo = list(
            DocumentVersion.objects.filter(status=DocumentStatus.EFFECTIVE, text_index__isnull=True)
            .order_by("pk")
            .values_list("pk", "checksum")
        )
        now = timezone.now()
        total_pages = 0
        for first in range(0, len(todo), BATCH):
            pages, states = [], []
            for index, (version_id, checksum) in enumerate(todo[first : first + BATCH], start=first):
                made = document_pages(rng, index, low=min_pages, high=max_pages)
                pages += [
                    VersionPage(version_id=version_id, number=number, text=text, folded=folded)
                    for number, (text, folded) in enumerate(made, start=1)
                ]
                states.append(
                    VersionText(
                        version_id=version_id,
                        status=VersionText.Status.DONE,
                        method=VersionText.Method.TEXT,
                        page_count=len(made),
                        checksum=checksum,
                        extracted_at=now,
                    )
                )
            with transaction.atomic():
                VersionPage.objects.bulk_create(pages, batch_size=BATCH)
                VersionText.objects.bulk_create(states, batch_size=BATCH)
            total_pages += len(pages)
            done = min(first + BATCH, len(todo))
            self.stdout.write(
                f"  {done}/{len(todo)} versions, {total_pages} pages ({time.monotonic() - started:.0f} s)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Body text for {len(todo)} effective versions: {total_pages} pages "
                f"({time.monotonic() - started:.0f} s)."
            )
        )
