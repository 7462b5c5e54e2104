"""A small catalogue reached through the real services: forms, QT, legal basis, procedures."""

from decimal import Decimal

from documents import services as document_services
from documents.models import DocumentType
from documents.workflow import DocumentStatus
from procedures.models import CopyKind, Level, ProcedureField, TimeUnit
from procedures.services import procedure_transition, procedure_write
from procedures.workflow import ProcedureAction
from tests.documents.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    advance_version,
    make_document,
    make_upload,
    record_no_readers_unless_distributed,
)

# Strings that exist only inside the QMS: none may reach a public page, PDF or API answer.
INTERNAL = {
    "note": "GHI-CHU-NOI-BO-7731",
    "draft_name": "Thủ tục nháp CHUA-CONG-BO-5512",
    "confidential_title": "Biểu mẫu MAT-9904",
    "officer_last": "Quixotevski",
    "approver_last": "Zebrowskaja",
    "working_copy_name": "Tên sửa chưa công bố SUA-2207",
}


class World:
    def __init__(self):
        self.officer = UserFactory(
            officer=True, username="officer", first_name="Ivo", last_name=INTERNAL["officer_last"]
        )
        self.approver = UserFactory(
            approver=True, username="approver", first_name="Ada", last_name=INTERNAL["approver_last"]
        )
        self.staff = UserFactory(staff=True, username="staff")
        self.department = DepartmentFactory(code="KTKD", name="Phòng Khảo thí")
        bm = DocumentTypeFactory(code="BM", name="Biểu mẫu")
        qt = DocumentTypeFactory(code="QT", name="Quy trình")
        external, _created = DocumentType.objects.get_or_create(
            code="TLN",
            defaults={"name": "Tài liệu bên ngoài", "numbering_pattern": "TLN-{seq:03}", "is_external": True},
        )
        common = {"officer": self.officer, "approver": self.approver, "department": self.department}
        self.form = make_document(
            title="Đơn đề nghị cấp bản sao", doc_type=bm, status=DocumentStatus.EFFECTIVE, **common
        )
        self.secret_form = make_document(
            title=INTERNAL["confidential_title"],
            doc_type=bm,
            status=DocumentStatus.EFFECTIVE,
            confidential=True,
            **common,
        )
        self.qt = make_document(
            title="Quy trình cấp bản sao", doc_type=qt, status=DocumentStatus.EFFECTIVE, **common
        )
        self.law = document_services.document_register(
            actor=self.officer,
            doc_type=external,
            department=self.department,
            title="Luật Giáo dục",
            issuer="Quốc hội",
            source_reference="43/2019/QH14",
            file=make_upload("luat.pdf"),
        )
        record_no_readers_unless_distributed(self.law, officer=self.officer)
        advance_version(
            self.law.versions.get(), DocumentStatus.EFFECTIVE, officer=self.officer, approver=self.approver
        )
        self.field = ProcedureField.objects.create(code="VANBANG", name="Văn bằng, chứng chỉ")
        self.procedure = self.make(
            code="1.005090", name="Cấp bản sao bằng tốt nghiệp từ sổ gốc", publish=True
        )
        self.draft = self.make(code="9.999999", name=INTERNAL["draft_name"], publish=False)

    def make(self, *, code, name, publish, form=None, level=Level.PROVINCIAL):
        procedure = procedure_write(
            actor=self.officer,
            fields={
                "code": code,
                "name": name,
                "field": self.field,
                "level": level,
                "implementing_body": "Sở Giáo dục và Đào tạo",
                "department": self.department,
                "processing_time": Decimal(2),
                "processing_time_unit": TimeUnit.WORKING_DAYS,
                "result": "Bản sao văn bằng",
                "internal_procedure": self.qt,
                "internal_notes": INTERNAL["note"],
            },
            legal_basis=[self.law],
            components=[
                {
                    "name": "Đơn đề nghị",
                    "copy_kind": CopyKind.ORIGINAL,
                    "copies": 1,
                    "form": form or self.form,
                },
                {"name": "Căn cước công dân", "copy_kind": CopyKind.COPY, "copies": 1},
            ],
            fees=[{"name": "Phí cấp bản sao", "amount": Decimal(3000)}],
            steps=[
                {
                    "name": "Tiếp nhận hồ sơ",
                    "department": self.department,
                    "responsible_role": "Chuyên viên",
                    "time_limit": Decimal("0.5"),
                },
                {
                    "name": "Thẩm định, đối chiếu sổ gốc",
                    "department": self.department,
                    "time_limit": Decimal(1),
                },
                {"name": "Trả kết quả", "time_limit": Decimal("0.5")},
            ],
        )
        if publish:
            procedure = procedure_transition(
                actor=self.officer, procedure=procedure, action=ProcedureAction.PUBLISH
            )
        return procedure
