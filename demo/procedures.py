"""The procedures part of the demo: a dozen administrative procedures of a provincial
Department of Education and Training, with their forms (BM documents made effective here),
fees, steps and legal basis from the external register, most of them published.

Idempotent: forms are matched by title, fields and procedures by code.
"""

from decimal import Decimal

from django.db import transaction

from demo import documents as demo_documents
from documents.models import Document
from documents.workflow import DocumentStatus
from procedures.models import AdministrativeProcedure, CopyKind, Level, OnlineLevel, ProcedureField, TimeUnit
from procedures.services import procedure_transition, procedure_write
from procedures.workflow import ProcedureAction

FIELDS = [
    ("VANBANG", "Văn bằng, chứng chỉ"),
    ("GDTRH", "Giáo dục trung học"),
    ("GDDT-KHAC", "Giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân"),
]

# title, department: BM forms the procedures link to (effective revision made here).
FORMS = [
    ("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "KTKD"),
    ("Đơn đề nghị chỉnh sửa nội dung văn bằng, chứng chỉ", "KTKD"),
    ("Đơn xin chuyển trường", "GDTRH"),
    ("Tờ trình đề nghị cho phép thành lập trường", "GDTRH"),
]

COPY_STEPS = [
    ("Tiếp nhận hồ sơ, kiểm tra thành phần hồ sơ", "VP", "Công chức bộ phận một cửa", "0.5"),
    ("Thẩm định, đối chiếu sổ gốc", "KTKD", "Chuyên viên", "1"),
    ("Trình lãnh đạo Sở ký bản sao", "KTKD", "Trưởng phòng", "0.5"),
    ("Trả kết quả cho người đề nghị", "VP", "Công chức bộ phận một cửa", ""),
]
TRANSFER_STEPS = [
    ("Tiếp nhận hồ sơ", "VP", "Công chức bộ phận một cửa", "0.5"),
    ("Xem xét, đối chiếu điều kiện chuyển trường", "GDTRH", "Chuyên viên", "1.5"),
    ("Lãnh đạo phòng duyệt, trình ký", "GDTRH", "Trưởng phòng", "0.5"),
    ("Trả kết quả", "VP", "Công chức bộ phận một cửa", "0.5"),
]
LICENCE_STEPS = [
    ("Tiếp nhận hồ sơ", "VP", "Công chức bộ phận một cửa", "1"),
    ("Thẩm định hồ sơ, kiểm tra thực tế", "GDTRH", "Tổ thẩm định", "10"),
    ("Trình Ủy ban nhân dân tỉnh quyết định", "VP", "Lãnh đạo Sở", "5"),
    ("Trả kết quả", "VP", "Công chức bộ phận một cửa", "1"),
]

LEGAL = ["43/2019/QH14", "61/2018/NĐ-CP"]

# The internal procedure (QT of the demo register) that implements each procedure.
QT_OF = {
    "1.005090": "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    "1.005095": "Quy trình cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    "1.005092": "Quy trình chỉnh sửa nội dung văn bằng, chứng chỉ",
    "1.001639": "Quy trình chuyển trường đối với học sinh trung học phổ thông",
    "1.005062": "Quy trình công nhận trường trung học đạt chuẩn quốc gia",
    "1.000713": "Quy trình cấp phép hoạt động giáo dục kỹ năng sống",
    "1.000288": "Quy trình thành lập trung tâm ngoại ngữ, tin học",
}

# code, name, field, days, form index, steps, fee, published
PROCEDURES = [
    ("1.005090", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "VANBANG", "2", 0, COPY_STEPS, None, True),
    ("1.005092", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "VANBANG", "5", 1, COPY_STEPS, None, True),
    (
        "2.002481",
        "Công nhận tốt nghiệp trung học phổ thông cho thí sinh tự do",
        "VANBANG",
        "5",
        None,
        COPY_STEPS,
        None,
        True,
    ),
    (
        "1.005095",
        "Cấp bản sao bằng tốt nghiệp trung học phổ thông từ sổ gốc",
        "VANBANG",
        "2",
        0,
        COPY_STEPS,
        None,
        True,
    ),
    (
        "1.001639",
        "Chuyển trường đối với học sinh trung học phổ thông",
        "GDTRH",
        "3",
        2,
        TRANSFER_STEPS,
        None,
        True,
    ),
    (
        "1.001622",
        "Chuyển trường đối với học sinh trung học cơ sở",
        "GDTRH",
        "3",
        2,
        TRANSFER_STEPS,
        None,
        True,
    ),
    (
        "1.006389",
        "Cho phép thành lập trường trung học phổ thông tư thục",
        "GDTRH",
        "20",
        3,
        LICENCE_STEPS,
        "5000000",
        True,
    ),
    (
        "1.004475",
        "Cho phép trường trung học phổ thông hoạt động giáo dục",
        "GDTRH",
        "20",
        3,
        LICENCE_STEPS,
        "3000000",
        True,
    ),
    (
        "1.005062",
        "Công nhận trường trung học đạt chuẩn quốc gia",
        "GDTRH",
        "20",
        None,
        LICENCE_STEPS,
        None,
        True,
    ),
    (
        "1.000713",
        "Cấp phép hoạt động giáo dục kỹ năng sống",
        "GDDT-KHAC",
        "15",
        None,
        LICENCE_STEPS,
        "1000000",
        True,
    ),
    (
        "1.000288",
        "Cho phép thành lập trung tâm ngoại ngữ, tin học",
        "GDDT-KHAC",
        "20",
        None,
        LICENCE_STEPS,
        "2000000",
        False,
    ),
    (
        "2.001914",
        "Xét tuyển sinh vào trường phổ thông dân tộc nội trú",
        "GDTRH",
        "10",
        None,
        TRANSFER_STEPS,
        None,
        False,
    ),
]


def load() -> str:
    departments = demo_documents._departments()  # noqa: SLF001 - the demo's own idempotent helpers
    types = demo_documents._types()  # noqa: SLF001
    users = demo_documents._users(departments)  # noqa: SLF001
    officer = users["officer"]
    forms = []
    for index, (title, department) in enumerate(FORMS):
        document = Document.objects.filter(title=title).first()
        if document is None:
            row = demo_documents.Row(title, "BM", department, DocumentStatus.EFFECTIVE, 1, "docx", {})
            with transaction.atomic():
                demo_documents._document(40 + index, row, types=types, departments=departments, users=users)  # noqa: SLF001
            document = Document.objects.get(title=title)
        forms.append(document)
    fields = {
        code: ProcedureField.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FIELDS
    }
    legal = list(Document.objects.filter(source_reference__in=LEGAL, doc_type__is_external=True))
    internal = {d.title: d for d in Document.objects.filter(doc_type__code="QT")}
    created = 0
    for row in PROCEDURES:
        if AdministrativeProcedure.objects.filter(code=row[0]).exists():
            continue
        with transaction.atomic():
            _procedure(
                row,
                officer=officer,
                departments=departments,
                fields=fields,
                forms=forms,
                legal=legal,
                internal=internal,
            )
        created += 1
    return f"Administrative procedures: {AdministrativeProcedure.objects.count()} ({created} new)."


def _procedure(row, *, officer, departments, fields, forms, legal, internal):
    code, name, field_code, days, form_index, steps, fee, published = row
    components = [
        {
            "name": "Đơn đề nghị theo mẫu" if form_index is not None else "Đơn đề nghị",
            "copy_kind": CopyKind.ORIGINAL,
            "copies": 1,
            "form": forms[form_index] if form_index is not None else None,
        },
        {
            "name": "Giấy tờ tùy thân (căn cước công dân hoặc hộ chiếu)",
            "copy_kind": CopyKind.COPY,
            "copies": 1,
        },
    ]
    if field_code == "VANBANG":
        components.append(
            {
                "name": "Giấy tờ chứng minh quan hệ (nếu nộp thay)",
                "copy_kind": CopyKind.CERTIFIED_COPY,
                "copies": 1,
            }
        )
    fees = []
    if field_code == "VANBANG":
        fees.append(
            {
                "name": "Phí cấp bản sao",
                "amount": Decimal(0 if "Chỉnh sửa" in name else 3000),
                "legal_basis": "Thông tư 187/2016/TT-BTC",
                "exemptions": "Người có công với cách mạng",
            }
        )
    if fee:
        fees.append(
            {"name": "Phí thẩm định", "amount": Decimal(fee), "legal_basis": "Nghị quyết của HĐND tỉnh"}
        )
    department = departments["KTKD" if field_code == "VANBANG" else "GDTRH"]
    quy_trinh = next(
        (d for title, d in internal.items() if name.split(" ")[0].lower() in title.lower()), None
    )
    procedure = procedure_write(
        actor=officer,
        fields={
            "code": code,
            "name": name,
            "field": fields[field_code],
            "level": Level.PROVINCIAL,
            "implementing_body": "Sở Giáo dục và Đào tạo",
            "department": department,
            "applicants": "Công dân Việt Nam, người nước ngoài; tổ chức có liên quan",
            "filing_in_person": True,
            "filing_by_post": True,
            "online_level": OnlineLevel.PARTIAL if field_code == "VANBANG" else OnlineLevel.FULL,
            "dossier_sets": 1,
            "processing_time": Decimal(days),
            "processing_time_unit": TimeUnit.WORKING_DAYS,
            "result": "Văn bản của Sở Giáo dục và Đào tạo"
            if field_code != "VANBANG"
            else "Bản sao văn bằng, chứng chỉ",
            "requirements": "Người đề nghị có tên trong sổ gốc hoặc được ủy quyền hợp pháp."
            if field_code == "VANBANG"
            else "",
            "legal_basis_text": "Thông tư 21/2019/TT-BGDĐT về quy chế quản lý văn bằng, chứng chỉ",
            "internal_procedure": quy_trinh,
            "internal_notes": "Ghi chú nội bộ: kiểm tra lại phí khi có nghị quyết mới.",
        },
        legal_basis=legal,
        components=components,
        fees=fees,
        steps=[
            {
                "name": step,
                "department": departments[dept],
                "responsible_role": role,
                "time_limit": Decimal(limit) if limit else None,
                "time_unit": TimeUnit.WORKING_DAYS,
            }
            for step, dept, role, limit in steps
        ],
    )
    if published:
        procedure_transition(actor=officer, procedure=procedure, action=ProcedureAction.PUBLISH)
