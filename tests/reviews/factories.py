"""Documents at a chosen point of their periodic-review cycle.

Built with the ORM up to "approved" and made effective by the scheduled service
(documents.services.version_make_due_effective), so they do not depend on how a
version gets approved (approval routes) and still take the real path that sets the
next review date.
"""

import datetime
import hashlib
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from documents.models import Document, DocumentVersion
from documents.services import version_make_due_effective
from documents.workflow import DocumentStatus
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory, file_bytes

_numbers = itertools.count(1)


def approved_document(
    *,
    owner=None,
    department=None,
    doc_type=None,
    title="Quy trình tiếp nhận hồ sơ",
    review_period_months=None,
    effective_date=None,
) -> Document:
    department = department or DepartmentFactory(code="VP", name="Văn phòng")
    # No role groups needed: transactional tests run after a flush has removed them.
    owner = owner or UserFactory(departments=[department])
    doc_type = doc_type or DocumentTypeFactory()
    document = Document.objects.create(
        number=f"{doc_type.code}-{department.code}-T{next(_numbers):04d}",
        title=title,
        doc_type=doc_type,
        department=department,
        owner=owner,
        review_period_months=review_period_months,
        created_by=owner,
    )
    content = file_bytes("quy-trinh.pdf", title)
    version = DocumentVersion(
        document=document,
        revision=1,
        author=owner,
        status=DocumentStatus.APPROVED,
        approved_by=UserFactory(),
        approved_at=timezone.now(),
        effective_date=effective_date,
        original_filename="quy-trinh.pdf",
        content_type="application/pdf",
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
    )
    version.file.save("quy-trinh.pdf", ContentFile(content), save=False)
    version.save()
    return document


def effective_document(*, next_review_date: datetime.date | None = None, **kwargs) -> Document:
    """An effective document (taking effect today); with ``next_review_date`` its review
    date is moved there."""
    today = timezone.localdate()
    document = approved_document(effective_date=today, **kwargs)
    version_make_due_effective(today=today)
    if next_review_date is not None:
        DocumentVersion.objects.filter(document=document, status=DocumentStatus.EFFECTIVE).update(
            next_review_date=next_review_date
        )
    return document


def effective_version(document) -> DocumentVersion:
    return document.versions.get(status=DocumentStatus.EFFECTIVE)
