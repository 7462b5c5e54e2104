"""Documents at a chosen point of their periodic-review cycle."""

import datetime

from documents.models import DocumentVersion
from documents.workflow import Status
from tests.documents.factories import DepartmentFactory, UserFactory, make_document


def effective_document(
    *,
    owner=None,
    department=None,
    officer=None,
    next_review_date: datetime.date | None = None,
    title="Quy trình",
):
    """An effective document (published today through the services); with
    ``next_review_date`` its review date is moved there."""
    officer = officer or UserFactory(officer=True)
    department = department or DepartmentFactory(code="VP", name="Văn phòng")
    owner = owner or UserFactory(author=True, departments=[department])
    document = make_document(
        officer=officer, author=owner, department=department, status=Status.EFFECTIVE, title=title
    )
    if next_review_date is not None:
        DocumentVersion.objects.filter(document=document, status=Status.EFFECTIVE).update(
            next_review_date=next_review_date
        )
    return document


def effective_version(document) -> DocumentVersion:
    return document.versions.get(status=Status.EFFECTIVE)
