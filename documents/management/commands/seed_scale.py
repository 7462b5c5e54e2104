"""``manage.py seed_scale --documents N``: a province-sized register for load tests.

Bulk-loads, on top of the demo (run ``seed_demo`` first; it is run here if the demo
users are missing), N documents with about three versions each: earlier revisions
superseded, the last one effective (exactly one per document, as the database's partial
unique index requires), and one in ten with a newer draft or revision in review.
Titles are Vietnamese and English over every document type and department; a share of
documents (``--confidential-share``, 5 % by default) is confidential and opened to one
or two departments through guardian group object permissions; about 5 % of the
effective versions have a review date due within the month or already past.

Speed over ceremony: rows go in with ``bulk_create`` in batches, without ``save()``,
signals or django-simple-history, so the history tables stay empty for these rows (the
document page shows no history for them; everything else works on them). Every version
points at one shared small PDF stored once. Running it again adds N more documents.
"""

import datetime
import hashlib
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from documents.models import (
    Document,
    DocumentGroupObjectPermission,
    DocumentType,
    DocumentVersion,
)
from documents.permissions import READ_CONFIDENTIAL
from documents.samples import sample_pdf
from documents.search import search_key
from documents.workflow import DocumentStatus
from organisation.models import Department

SAMPLE_NAME = "versions/scale/sample.pdf"
BATCH = 5000

SUBJECTS_VI = [
    "tuyển sinh lớp 10",
    "thi tốt nghiệp trung học phổ thông",
    "đánh giá ngoài trường học",
    "bồi dưỡng giáo viên",
    "quản lý hồ sơ học sinh",
    "kiểm định chất lượng giáo dục",
    "mua sắm thiết bị dạy học",
    "tiếp nhận và xử lý đơn thư",
    "cấp phát văn bằng, chứng chỉ",
    "phòng cháy chữa cháy trong trường học",
    "an toàn thực phẩm bếp ăn bán trú",
    "đào tạo nội bộ",
    "lưu trữ hồ sơ",
    "khảo sát sự hài lòng của phụ huynh",
    "công tác thi đua, khen thưởng",
]
FORMS_VI = ["Quy trình", "Hướng dẫn", "Biểu mẫu", "Quy định", "Kế hoạch"]
SUBJECTS_EN = [
    "student admission",
    "teacher training",
    "records management",
    "internal audit",
    "equipment procurement",
    "complaint handling",
    "exam organisation",
    "school inspection",
]
FORMS_EN = ["Procedure for", "Guideline on", "Form for", "Policy on"]
PLACES = [
    "Trường THPT Chu Văn An",
    "Trường THCS Lê Lợi",
    "Phòng GD&ĐT huyện Đông Anh",
    "Trường TH Kim Đồng",
    "",
]


def _title(rng: random.Random) -> str:
    if rng.random() < 0.8:
        place = rng.choice(PLACES)
        title = f"{rng.choice(FORMS_VI)} {rng.choice(SUBJECTS_VI)}"
        return f"{title} – {place}" if place else title
    return f"{rng.choice(FORMS_EN)} {rng.choice(SUBJECTS_EN)}"


class Command(BaseCommand):
    help = "Bulk-load N documents (about 3 versions each) on top of the demo, for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, required=True)
        parser.add_argument("--confidential-share", type=float, default=0.05)
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument(
            "--body-text",
            action="store_true",
            help="give every effective version 2-5 pages of Vietnamese body text for search "
            "(search app's seed_body_text; no extraction task runs for these rows)",
        )

    def handle(self, *args, documents, confidential_share, seed, body_text=False, **options):
        if documents < 1 or not 0 <= confidential_share <= 1:
            raise CommandError("--documents must be positive and --confidential-share within 0..1.")
        if not get_user_model().objects.filter(username="officer").exists():
            call_command("seed_demo", stdout=self.stdout)
        started = time.monotonic()
        self.rng = random.Random(seed)
        self._context()
        start = Document.objects.count() + 1
        done = 0
        while done < documents:
            size = min(BATCH, documents - done)
            with transaction.atomic():
                self._batch(start + done, size, confidential_share)
            done += size
            self.stdout.write(f"  {done}/{documents} documents ({time.monotonic() - started:.0f} s)")
        if body_text:
            call_command("seed_body_text", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {documents} documents; the register now holds {Document.objects.count()} "
                f"documents and {DocumentVersion.objects.count()} versions "
                f"({time.monotonic() - started:.0f} s). Run ANALYZE (PostgreSQL) before measuring."
            )
        )

    def _context(self):
        users = get_user_model().objects
        self.officer = users.get(username="officer")
        self.authors = list(users.filter(username__in=["officer", "author", "approver", "approver2"]))
        self.types = list(DocumentType.objects.filter(is_external=False))
        self.departments = list(Department.objects.select_related("group"))
        self.permission = Permission.objects.get(
            codename=READ_CONFIDENTIAL, content_type__app_label="documents"
        )
        content = sample_pdf("Scale test document")
        if not default_storage.exists(SAMPLE_NAME):
            default_storage.save(SAMPLE_NAME, ContentFile(content))
        self.sample = {
            "file": SAMPLE_NAME,
            "original_filename": "tai-lieu.pdf",
            "content_type": "application/pdf",
            "size": len(content),
            "checksum": hashlib.sha256(content).hexdigest(),
        }
        self.today = timezone.localdate()

    def _batch(self, first: int, size: int, confidential_share: float):
        rng = self.rng
        now = timezone.now()
        rows = []
        for n in range(first, first + size):
            doc_type = rng.choice(self.types)
            department = rng.choice(self.departments)
            number = f"{doc_type.code}-{department.code}-{n:07d}"
            title = _title(rng)
            confidential = rng.random() < confidential_share
            rows.append(
                Document(
                    number=number,
                    title=title,
                    doc_type=doc_type,
                    department=department,
                    owner=rng.choice(self.authors),
                    confidentiality=(
                        Document.Confidentiality.CONFIDENTIAL
                        if confidential
                        else Document.Confidentiality.INTERNAL
                    ),
                    search_text=search_key(f"{number} {title} "),
                    created_by=self.officer,
                    created_at=now,
                )
            )
        created = Document.objects.bulk_create(rows, batch_size=BATCH)
        versions, grants = [], []
        for document in created:
            versions += self._versions(document, now)
            if document.confidentiality == Document.Confidentiality.CONFIDENTIAL:
                for department in rng.sample(self.departments, rng.choice([1, 1, 2])):
                    grants.append(
                        DocumentGroupObjectPermission(
                            content_object=document, group=department.group, permission=self.permission
                        )
                    )
        DocumentVersion.objects.bulk_create(versions, batch_size=BATCH)
        DocumentGroupObjectPermission.objects.bulk_create(grants, batch_size=BATCH)

    def _versions(self, document, now):
        rng = self.rng
        effective_revision = rng.choice([2, 2, 3, 3, 3, 4])
        dates = sorted(
            self.today - datetime.timedelta(days=rng.randint(30, 3650)) for _ in range(effective_revision)
        )
        out = []
        for revision in range(1, effective_revision + 1):
            effective = revision == effective_revision
            version = DocumentVersion(
                document=document,
                revision=revision,
                change_summary="" if revision == 1 else f"Sửa đổi lần {revision - 1}: cập nhật nội dung",
                author=document.owner,
                status=DocumentStatus.EFFECTIVE if effective else DocumentStatus.SUPERSEDED,
                effective_date=dates[revision - 1],
                approved_by=self.officer,
                approved_at=now,
                created_at=now,
                **self.sample,
            )
            if effective:
                due = rng.random() < 0.05
                version.next_review_date = self.today + datetime.timedelta(
                    days=rng.randint(-60, 30) if due else rng.randint(31, 720)
                )
            out.append(version)
        if rng.random() < 0.1:
            out.append(
                DocumentVersion(
                    document=document,
                    revision=effective_revision + 1,
                    change_summary="Bản sửa đổi đang soạn thảo",
                    author=document.owner,
                    status=rng.choice([DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]),
                    created_at=now,
                    **self.sample,
                )
            )
        return out
