"""Factories for users (with role traits), departments, types, documents and versions."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import services
from documents.models import Document, DocumentType, DocumentVersion
from documents.permissions import document_grant_read
from documents.samples import sample_docx, sample_pdf, sample_png
from documents.workflow import DocumentStatus
from organisation.models import Department
from organisation.roles import Role

PASSWORD = "correct-horse-42"


def file_bytes(name: str, text: str = "Quy trình tiếp nhận hồ sơ") -> bytes:
    suffix = name.rsplit(".", 1)[-1].lower()
    if suffix == "pdf":
        return sample_pdf(text)
    if suffix == "docx":
        return sample_docx(text)
    if suffix == "png":
        return sample_png()
    return text.encode()


def make_upload(name: str, content: bytes | None = None, text: str = "Quy trình tiếp nhận hồ sơ"):
    data = file_bytes(name, text) if content is None else content
    return SimpleUploadedFile(name, data)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Params:
        officer = factory.Trait(roles=[Role.OFFICER])
        approver = factory.Trait(roles=[Role.APPROVER])
        author = factory.Trait(roles=[Role.AUTHOR])
        auditor = factory.Trait(roles=[Role.AUDITOR])
        staff = factory.Trait(roles=[Role.STAFF])

    roles = ()

    @classmethod
    def _create(cls, model_class, *args, roles=(), departments=(), **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        for department in departments:
            user.groups.add(department.group)
        return user


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.LazyAttribute(lambda d: f"Phòng {d.code}")


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = "QT"
    name = "Quy trình"
    numbering_pattern = "{type}-{department}-{seq:02}"
    default_review_months = 12


def make_document(
    *,
    officer=None,
    title="Quy trình tiếp nhận hồ sơ",
    doc_type=None,
    department=None,
    status=DocumentStatus.DRAFT,
    author=None,
    confidential=False,
    file_name="quy-trinh.pdf",
    approver=None,
) -> Document:
    """A registered document whose first version is in ``status``, reached through the services."""
    officer = officer or UserFactory(officer=True)
    department = department or DepartmentFactory(code="VP", name="Văn phòng")
    doc_type = doc_type or DocumentTypeFactory()
    author = author or officer
    document = services.document_register(
        actor=officer,
        doc_type=doc_type,
        department=department,
        title=title,
        owner=author,
        confidentiality=Document.Confidentiality.CONFIDENTIAL
        if confidential
        else Document.Confidentiality.INTERNAL,
        file=make_upload(file_name) if file_name else None,
        body="" if file_name else "Nội dung",
    )
    record_no_readers_unless_distributed(document, officer=officer)
    version = document.versions.get()
    if confidential and approver is not None:
        document_grant_read(document=document, user=approver)
    advance_version(version, status, officer=officer, approver=approver)
    return document


def record_no_readers_unless_distributed(document: Document, *, officer) -> None:
    """A document is submitted only with readers or the officer's recorded "no readers"
    (approvals): factories record the latter when no default readers applied."""
    from approvals import selectors as approval_selectors
    from approvals import services as approval_services

    if not approval_selectors.distribution_summary(document).is_set:
        approval_services.distribution_set(
            actor=officer, document=document, departments=[], groups=[], no_readers=True
        )


def advance_version(version: DocumentVersion, status: str, *, officer, approver=None) -> DocumentVersion:
    """Walk a version through the lifecycle to ``status`` with real service calls."""
    path = [DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED, DocumentStatus.EFFECTIVE]
    if status in (DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE):
        target_index = path.index(DocumentStatus.EFFECTIVE)
    else:
        target_index = path.index(status)
    approver = approver or UserFactory(approver=True)
    if target_index >= 1 and version.document.is_confidential:
        # The organisation opens a confidential document to the approver who signs it.
        document_grant_read(document=version.document, user=approver)
    if target_index >= 1:
        version = services.version_submit(actor=officer, version=version)
    if target_index >= 2:
        # Approval goes through the version's approval route (approvals app): real signatures.
        from tests.approvals.factories import approve_through_route, far_future

        version = approve_through_route(
            version, approver=approver, effective_date=None if target_index >= 3 else far_future()
        )
    if target_index >= 3 and version.status != DocumentStatus.EFFECTIVE:
        version = services.version_publish(
            actor=officer, version=version, effective_date=timezone.localdate()
        )
    if status == DocumentStatus.OBSOLETE:
        from tests.approvals.factories import withdraw_with_signature

        version = withdraw_with_signature(version, officer=officer)
    if status == DocumentStatus.SUPERSEDED:
        newer = services.version_create_draft(
            actor=officer,
            document=version.document,
            file=make_upload("ban-moi.pdf"),
            change_summary="Cập nhật",
        )
        advance_version(newer, DocumentStatus.EFFECTIVE, officer=officer, approver=approver)
        version.refresh_from_db()
    return version
