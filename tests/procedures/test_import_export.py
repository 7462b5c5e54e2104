"""Excel import and export of the catalogue: round trip, dry run, a bad row reported by line
and nothing imported from that file (all or nothing per file)."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from procedures import spreadsheet
from procedures.models import AdministrativeProcedure

pytestmark = pytest.mark.django_db


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([header for _key, header in spreadsheet.COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _row(code, name, *, time="5 ngày làm việc", department="KTKD", fees="Lệ phí: 20000"):
    values = {
        "code": code,
        "name": name,
        "field": "Giáo dục trung học",
        "level": "Cấp tỉnh",
        "implementing_body": "Sở Giáo dục và Đào tạo",
        "department": department,
        "filing": "Trực tiếp; Trực tuyến toàn trình",
        "dossier_sets": 1,
        "processing_time": time,
        "fees": fees,
        "components": "Đơn xin chuyển trường | Bản chính | 1 | \nHọc bạ | Bản sao chứng thực | 1",
        "steps": "Tiếp nhận hồ sơ | KTKD | Chuyên viên | 0,5 ngày làm việc\nTrả kết quả | | | 4 giờ làm việc",
        "result": "Quyết định chuyển trường",
        "legal_basis": "43/2019/QH14\nThông tư 32/2020/TT-BGDĐT",
    }
    return [values.get(key, "") for key, _header in spreadsheet.COLUMNS]


def test_export_then_import_changes_nothing(world):
    # given
    data = spreadsheet.catalogue_workbook(AdministrativeProcedure.objects.all())
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]][:3] == ["Mã TTHC", "Tên thủ tục", "Lĩnh vực"]
    # when
    report = spreadsheet.catalogue_import(actor=world.officer, data=data, dry_run=True)
    # then
    assert report.ok, [r.errors for r in report.rows]
    assert [r.action for r in report.rows] == ["unchanged", "unchanged"]


def test_one_bad_row_is_reported_by_line_and_nothing_is_imported(client, world):
    # given: line 3 has a time limit that is not a number and an unknown department
    data = _workbook(
        [
            _row("1.001639", "Chuyển trường đối với học sinh trung học phổ thông"),
            _row("1.001622", "Chuyển trường THCS", time="ba ngày", department="ZZ"),
            _row("1.005090", "Cấp bản sao bằng tốt nghiệp từ sổ gốc (sửa)"),
        ]
    )
    client.force_login(world.officer)
    # when
    response = client.post(reverse("procedures:import"), {"file": _upload(data), "apply": "1"})
    # then
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page
    report = response.context["report"]
    assert [(r.line, bool(r.errors)) for r in report.rows] == [(2, False), (3, True), (4, False)]
    assert "ba ngày" in page
    assert not AdministrativeProcedure.objects.filter(code__in=["1.001639", "1.001622"]).exists()
    assert (
        AdministrativeProcedure.objects.get(code="1.005090").name == "Cấp bản sao bằng tốt nghiệp từ sổ gốc"
    )


def test_dry_run_reports_what_would_change_then_import_applies_it(client, world):
    data = _workbook(
        [
            _row("1.001639", "Chuyển trường đối với học sinh trung học phổ thông"),
            _row("9.999999", "Tên mới của thủ tục nháp"),
        ]
    )
    client.force_login(world.officer)
    # when: dry run
    dry = client.post(reverse("procedures:import"), {"file": _upload(data), "check": "1"})
    # then
    report = dry.context["report"]
    assert dry.status_code == 200 and report.ok
    assert [(r.line, r.action) for r in report.rows] == [(2, "create"), (3, "update")]
    assert "Tên thủ tục" in report.rows[1].changes
    assert not AdministrativeProcedure.objects.filter(code="1.001639").exists()
    # when: import
    done = client.post(reverse("procedures:import"), {"file": _upload(data), "apply": "1"})
    # then
    assert done.status_code == 302
    created = AdministrativeProcedure.objects.get(code="1.001639")
    assert created.status == "draft" and created.online_level == "full" and created.filing_in_person
    assert [(s.name, str(s.time_limit), s.time_unit) for s in created.steps.all()] == [
        ("Tiếp nhận hồ sơ", "0.5", "working_days"),
        ("Trả kết quả", "4.0", "working_hours"),
    ]
    assert [f.amount for f in created.fees.all()] == [20000]
    assert list(created.legal_basis.all()) == [world.law]
    assert "Thông tư 32/2020/TT-BGDĐT" in created.legal_basis_text
    assert [c.copy_kind for c in created.components.all()] == ["original", "certified_copy"]


def test_not_a_workbook_is_refused_with_a_message(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("procedures:import"), {"file": _upload(b"not excel"), "check": "1"})
    assert response.status_code == 400
    assert "not an Excel workbook" in response.content.decode()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "tthc.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
