"""The documents part of the demo: a Department of Education and Training running TCVN
ISO 9001:2015 — its departments, users, document types, the procedures' approval route
and about 30 documents walked to their status the way users do.

Idempotent: users, departments and types are matched by code/username, documents by
title, so loading it again adds nothing twice.
"""

import datetime
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from approvals.models import (
    Acknowledgement,
    ApprovalRoute,
    Decision,
    Meaning,
    RouteTemplate,
    RouteTemplateStage,
    StageMode,
)
from approvals.selectors import active_stage, route_progress
from approvals.services import acknowledgement_confirm, version_sign, version_withdraw_signed
from demo.clock import recorded_on
from demo.document_files import demo_file, demo_files_prepare
from documents import services
from documents.models import Document, DocumentType, DocumentVersion
from documents.permissions import document_grant_read
from documents.workflow import DocumentStatus
from organisation.models import Department
from organisation.roles import Role
from organisation.services import system_user
from reviews.models import Outcome, PeriodicReview
from reviews.services import review_record

DEMO_PASSWORD = "demo-qms-2026"

USERS = [
    # username, first name, last name, roles, department codes
    ("officer", "Lan", "Nguyễn Thị", [Role.OFFICER, Role.STAFF], ["VP"]),
    ("approver", "Hùng", "Trần Văn", [Role.APPROVER, Role.STAFF], ["VP"]),
    ("approver2", "Minh", "Phạm Quang", [Role.APPROVER, Role.STAFF], ["TCCB"]),
    ("author", "Hoa", "Lê Thị", [Role.AUTHOR, Role.STAFF], ["GDTRH"]),
    ("auditor", "Dũng", "Võ Tiến", [Role.AUDITOR, Role.STAFF], ["KTKD"]),
    ("staff", "Mai", "Đặng Thị", [Role.STAFF], ["GDTH"]),
]

DEPARTMENTS = [
    ("SGDDT", "Sở Giáo dục và Đào tạo", None),
    ("VP", "Văn phòng Sở", "SGDDT"),
    ("TCCB", "Phòng Tổ chức cán bộ", "SGDDT"),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "SGDDT"),
    ("GDTRH", "Phòng Giáo dục Trung học", "SGDDT"),
    ("GDTH", "Phòng Giáo dục Tiểu học", "SGDDT"),
    ("KTKD", "Phòng Khảo thí và Kiểm định chất lượng giáo dục", "SGDDT"),
    ("TTR", "Thanh tra Sở", "SGDDT"),
]

TYPES = [
    ("QT", "Quy trình", "{type}-{department}-{seq:02}", 12, False),
    ("HD", "Hướng dẫn công việc", "{type}-{department}-{seq:02}", 24, False),
    ("BM", "Biểu mẫu", "{type}-{department}-{seq:02}", 24, False),
    ("CS", "Chính sách chất lượng", "{type}-{seq:02}", 12, False),
    ("STCL", "Sổ tay chất lượng", "{type}-{seq:02}", 12, False),
    ("TL-NGOAI", "Tài liệu bên ngoài", "TLN-{seq:03}", 12, True),
]

# title, type, department, final status, revisions, file kind (pdf, docx, or scan: a
# scanned-looking PDF without text layer), extra. What each file says: demo.document_texts.
DOCUMENTS = [
    ("Quy trình kiểm soát tài liệu", "QT", "VP", DocumentStatus.EFFECTIVE, 2, "pdf", {}),
    ("Quy trình kiểm soát hồ sơ", "QT", "VP", DocumentStatus.EFFECTIVE, 1, "docx", {}),
    ("Quy trình đánh giá nội bộ", "QT", "VP", DocumentStatus.EFFECTIVE, 3, "docx", {}),
    (
        "Quy trình kiểm soát sự không phù hợp và hành động khắc phục",
        "QT",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "docx",
        {},
    ),
    (
        "Quy trình xử lý phản ánh, kiến nghị của tổ chức, cá nhân",
        "QT",
        "TTR",
        DocumentStatus.EFFECTIVE,
        1,
        "docx",
        {},
    ),
    (
        "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        "QT",
        "KTKD",
        DocumentStatus.EFFECTIVE,
        2,
        "pdf",
        {},
    ),
    (
        "Quy trình chỉnh sửa nội dung văn bằng, chứng chỉ",
        "QT",
        "KTKD",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {},
    ),
    (
        "Quy trình công nhận trường trung học đạt chuẩn quốc gia",
        "QT",
        "GDTRH",
        DocumentStatus.EFFECTIVE,
        1,
        "docx",
        {},
    ),
    (
        "Quy trình chuyển trường đối với học sinh trung học phổ thông",
        "QT",
        "GDTRH",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {},
    ),
    (
        "Quy trình tuyển sinh vào lớp 10 trung học phổ thông",
        "QT",
        "GDTRH",
        DocumentStatus.IN_REVIEW,
        1,
        "docx",
        {},
    ),
    ("Quy trình cấp phép hoạt động giáo dục kỹ năng sống", "QT", "GDTH", DocumentStatus.DRAFT, 1, "docx", {}),
    ("Quy trình thành lập trung tâm ngoại ngữ, tin học", "QT", "GDTH", DocumentStatus.APPROVED, 1, "pdf", {}),
    (
        "Quy trình tuyển dụng viên chức",
        "QT",
        "TCCB",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {"confidential": True},
    ),
    # An old paper procedure, kept as a scan (no text layer: OCR reads it).
    ("Quy trình quản lý tài sản công", "QT", "KHTC", DocumentStatus.OBSOLETE, 1, "scan", {}),
    ("Document control procedure (English edition)", "QT", "VP", DocumentStatus.EFFECTIVE, 1, "pdf", {}),
    ("Staff training procedure", "QT", "TCCB", DocumentStatus.APPROVED, 1, "pdf", {"pending": True}),
    ("Hướng dẫn tiếp nhận hồ sơ tại bộ phận một cửa", "HD", "VP", DocumentStatus.EFFECTIVE, 2, "docx", {}),
    ("Hướng dẫn lưu trữ hồ sơ điện tử", "HD", "VP", DocumentStatus.EFFECTIVE, 1, "pdf", {}),
    (
        "Hướng dẫn chấm thi tốt nghiệp trung học phổ thông",
        "HD",
        "KTKD",
        DocumentStatus.IN_REVIEW,
        2,
        "docx",
        {},
    ),
    ("Phiếu tiếp nhận hồ sơ và hẹn trả kết quả", "BM", "VP", DocumentStatus.EFFECTIVE, 1, "docx", {}),
    ("Sổ theo dõi giải quyết hồ sơ", "BM", "VP", DocumentStatus.EFFECTIVE, 1, "docx", {}),
    ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "BM", "VP", DocumentStatus.SUPERSEDED, 2, "docx", {}),
    ("Chính sách chất lượng", "CS", "SGDDT", DocumentStatus.EFFECTIVE, 1, "pdf", {}),
    ("Mục tiêu chất lượng năm 2026", "CS", "SGDDT", DocumentStatus.EFFECTIVE, 1, "pdf", {}),
    ("Sổ tay chất lượng", "STCL", "VP", DocumentStatus.EFFECTIVE, 2, "docx", {}),
    (
        "Luật Giáo dục",
        "TL-NGOAI",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "scan",
        {
            "issuer": "Quốc hội",
            "source_reference": "43/2019/QH14",
            "date_received": datetime.date(2019, 7, 1),
        },
    ),
    (
        "Nghị định quy định về thực hiện cơ chế một cửa, một cửa liên thông",
        "TL-NGOAI",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {
            "issuer": "Chính phủ",
            "source_reference": "61/2018/NĐ-CP",
            "date_received": datetime.date(2018, 5, 2),
        },
    ),
    (
        "TCVN ISO 9001:2015 Hệ thống quản lý chất lượng – Các yêu cầu",
        "TL-NGOAI",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {
            "issuer": "Bộ Khoa học và Công nghệ",
            "source_reference": "TCVN ISO 9001:2015",
            "date_received": datetime.date(2016, 1, 15),
        },
    ),
    (
        "Nghị định về công tác văn thư",
        "TL-NGOAI",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "scan",
        {
            "issuer": "Chính phủ",
            "source_reference": "30/2020/NĐ-CP",
            "date_received": datetime.date(2020, 3, 10),
        },
    ),
    (
        "Quyết định áp dụng hệ thống quản lý chất lượng vào hoạt động của cơ quan hành chính nhà nước",
        "TL-NGOAI",
        "VP",
        DocumentStatus.EFFECTIVE,
        1,
        "pdf",
        {
            "issuer": "Thủ tướng Chính phủ",
            "source_reference": "19/2014/QĐ-TTg",
            "date_received": datetime.date(2014, 4, 20),
        },
    ),
]


class Row(NamedTuple):
    title: str
    type_code: str
    department_code: str
    status: str
    revisions: int
    kind: str
    extra: dict


def load() -> str:
    """Load the part; returns one line saying what is there."""
    with transaction.atomic():
        departments = _departments()
        types = _types()
        users = _users(departments)
        _route_templates(types, users)
    rows = [Row(*fields) for fields in DOCUMENTS]
    existing = set(
        Document.objects.filter(title__in=[row.title for row in rows]).values_list("title", flat=True)
    )
    demo_files_prepare(
        [
            (row.title, row.type_code, row.kind, revision)
            for row in rows
            if row.title not in existing
            for revision in range(1, row.revisions + 1 + (row.status == DocumentStatus.SUPERSEDED))
        ]
    )
    created = 0
    for index, row in enumerate(rows):
        if row.title in existing:
            continue
        with transaction.atomic():
            _document(index, row, types=types, departments=departments, users=users)
        created += 1
    _reviews_done(users["officer"])
    _acknowledgements_partly_done()
    return (
        f"Documents: {Document.objects.count()} ({created} new). "
        f"Users: {', '.join(u[0] for u in USERS)}; password: {DEMO_PASSWORD}"
    )


def _reviews_done(officer) -> None:
    """Every third review that fell due was recorded a few days after its date ("no
    change"); the others are still overdue. Once only: the first run decides."""
    if PeriodicReview.objects.exists():
        return
    today = timezone.localdate()
    overdue = (
        DocumentVersion.objects.filter(status=DocumentStatus.EFFECTIVE, next_review_date__lt=today)
        .select_related("document")
        .order_by("document__number")
    )
    for version in list(overdue)[::3]:
        with (
            transaction.atomic(),
            recorded_on(min(version.next_review_date + datetime.timedelta(days=3), today)),
        ):
            review_record(
                actor=officer,
                version=version,
                outcome=Outcome.NO_CHANGE,
                comment="Rà soát định kỳ: nội dung còn phù hợp, không cần sửa đổi.",
            )


def _acknowledgements_partly_done() -> None:
    """Two readers in three have acknowledged what was distributed to them, within days of
    its effective date; the rest are still to read (the completion pages and reminders
    show them). Once only: the first run decides."""
    if Acknowledgement.objects.filter(status=Acknowledgement.Status.ACKNOWLEDGED).exists():
        return
    today = timezone.localdate()
    waiting = (
        Acknowledgement.objects.filter(status=Acknowledgement.Status.OPEN)
        .select_related("version", "user")
        .order_by("version__document__number", "user__username")
    )
    for index, ack in enumerate(waiting):
        if index % 3 == 2:
            continue
        effective = ack.version.effective_date or today
        with (
            transaction.atomic(),
            recorded_on(min(effective + datetime.timedelta(days=1 + index % 9), today)),
        ):
            acknowledgement_confirm(actor=ack.user, acknowledgement=ack)


def _departments():
    found = {}
    for code, name, parent in DEPARTMENTS:
        department, _created = Department.objects.get_or_create(
            code=code, defaults={"name": name, "parent": found.get(parent)}
        )
        found[code] = department
    return found


def _route_templates(types, users):
    """Procedures: reviewed by the Văn phòng head, then approved by the management.
    Other types use the built-in route (one approval by any approver)."""
    template, created = RouteTemplate.objects.get_or_create(
        name="Quy trình: xem xét và phê duyệt", defaults={"doc_type": types["QT"]}
    )
    if created:
        review = RouteTemplateStage.objects.create(
            template=template, position=1, name="Xem xét", meaning=Meaning.REVIEWED, mode=StageMode.ANY
        )
        review.users.set([users["approver2"]])
        RouteTemplateStage.objects.create(
            template=template,
            position=2,
            name="Phê duyệt",
            meaning=Meaning.APPROVED,
            mode=StageMode.ANY,
            group=Group.objects.get(name=Role.APPROVER),
        )


def _types():
    found = {}
    for code, name, pattern, months, external in TYPES:
        found[code], _created = DocumentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "numbering_pattern": pattern,
                "default_review_months": months,
                "is_external": external,
            },
        )
    return found


def _users(departments):
    User = get_user_model()
    found = {}
    for username, first, last, roles, dept_codes in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@sgddt.example.vn"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=roles))
        user.groups.add(*(departments[code].group for code in dept_codes))
        found[username] = user
    heads = {"VP": "officer", "GDTRH": "author", "GDTH": "staff", "KTKD": "auditor", "TCCB": "approver2"}
    for code, username in heads.items():
        if departments[code].head_id is None:
            departments[code].head = found[username]
            departments[code].save(update_fields=["head"])
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@sgddt.example.vn", DEMO_PASSWORD)
    return found


def _distribution(department):
    """Who must read a document: its department, or the whole agency when nobody works
    in it (the agency itself, the inspectorate)."""
    if department.group.user_set.exists():
        return [department]
    return [d for d in Department.objects.all() if d.group.user_set.exists()]


def _document(index, row, *, types, departments, users):
    officer, approver, author = users["officer"], users["approver"], users["author"]
    title, status, revisions, extra = row.title, row.status, row.revisions, row.extra
    department = departments[row.department_code]
    owner = author if index % 3 else officer
    document = services.document_register(
        actor=officer,
        doc_type=types[row.type_code],
        department=department,
        title=title,
        owner=owner,
        confidentiality=(
            Document.Confidentiality.CONFIDENTIAL
            if extra.get("confidential")
            else Document.Confidentiality.INTERNAL
        ),
        issuer=extra.get("issuer", ""),
        source_reference=extra.get("source_reference", ""),
        date_received=extra.get("date_received"),
        file=_file(row, 1),
        distribution=_distribution(department),
    )
    if extra.get("confidential"):
        # The owning department reads it; the approver who signs it is granted it too
        # (a stage's group members sign a confidential document only when granted).
        document_grant_read(document=document, department=department)
        document_grant_read(document=document, user=approver)
    today = timezone.localdate()
    version = document.versions.get()
    for revision in range(1, revisions + 1):
        last = revision == revisions
        target = status if last else DocumentStatus.EFFECTIVE
        if target == DocumentStatus.SUPERSEDED:
            target = DocumentStatus.EFFECTIVE
        _advance(version, target, officer=officer, approver=approver, pending=extra.get("pending"))
        if target == DocumentStatus.EFFECTIVE:
            # Spread effective dates over the past years so reviews fall due at different times.
            # 1 to 15 months ago: with a 12-month review period some reviews fall due in the
            # coming weeks and some are overdue (the review pages and reminders show them).
            _backdate(version, today - relativedelta(months=(revisions - revision) * 14 + index % 15 + 1))
        if not last:
            version = services.version_create_draft(
                actor=owner if owner.has_perm("documents.add_documentversion") else officer,
                document=document,
                file=_file(row, revision + 1),
                change_summary=f"Cập nhật lần {revision + 1:02d}: sửa đổi theo quy định mới",
            )
    if status == DocumentStatus.SUPERSEDED:
        newer = services.version_create_draft(
            actor=officer,
            document=document,
            file=_file(row, revisions + 1),
            change_summary="Thay thế theo mẫu mới của Văn phòng",
        )
        _advance(newer, DocumentStatus.EFFECTIVE, officer=officer, approver=approver)


def _advance(version, status, *, officer, approver, pending=False):
    """Walk a version to ``status`` the way users do: submit, sign every stage of its
    approval route with the signer's password, withdraw with a signature."""
    order = [
        DocumentStatus.DRAFT,
        DocumentStatus.IN_REVIEW,
        DocumentStatus.APPROVED,
        DocumentStatus.EFFECTIVE,
    ]
    reach = order.index(DocumentStatus.EFFECTIVE if status == DocumentStatus.OBSOLETE else status)
    submitter = version.author if version.author.has_perm("documents.submit_version") else officer
    if reach >= 1:
        version = services.version_submit(actor=submitter, version=version)
    if reach >= 2:
        planned = None
        if reach == 2:
            # Approved but not yet effective: the route names a later effective date.
            planned = timezone.localdate() + datetime.timedelta(days=14 if pending else 30)
        ApprovalRoute.objects.filter(version=version).update(planned_effective_date=planned)
        version = _sign_route(version)
    if status == DocumentStatus.OBSOLETE:
        version_withdraw_signed(
            actor=officer,
            version=version,
            reason="Hết hiệu lực do thay đổi quy định",
            password=DEMO_PASSWORD,
        )
    return version


def _sign_route(version):
    User = get_user_model()
    route = ApprovalRoute.objects.get(version=version)
    while (stage := active_stage(route_progress(route))) is not None:
        waiting = sorted(stage.eligible - stage.approved_by)
        signer = User.objects.get(pk=waiting[0])
        version_sign(
            actor=signer,
            version=version,
            decision=Decision.APPROVE,
            comment="Đồng ý ban hành",
            password=DEMO_PASSWORD,
        )
        route.refresh_from_db()
    version.refresh_from_db()
    return version


def _backdate(version, effective_date):
    version.refresh_from_db()
    version.effective_date = effective_date
    version.next_review_date = effective_date + relativedelta(months=version.document.review_months)
    version._change_reason = "demo data"
    version._history_user = system_user()
    version.save(update_fields=["effective_date", "next_review_date"])


def _file(row, revision):
    name, content = demo_file(row.title, row.type_code, row.kind, revision)
    return SimpleUploadedFile(name, content)
