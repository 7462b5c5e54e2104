"""The demo's import sample (demo/transfer.py) gives the report a newcomer should see."""

from pathlib import Path

import pytest

from demo import transfer as demo_transfer
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import plan_of
from transfer.planning import summary
from transfer.services import batch_plan

pytestmark = pytest.mark.django_db


def test_demo_sample_dry_run(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for code in ("QT", "BM", "HD"):
        DocumentTypeFactory(code=code)
    for code in ("VP", "TCCB"):
        DepartmentFactory(code=code)
    line = demo_transfer.load()
    folder = tmp_path / "demo-import"
    assert str(folder) in line

    batch = batch_plan(
        actor=UserFactory(officer=True),
        source=folder / "bo-tai-lieu-iso.zip",
        master_list=folder / "danh-muc-tai-lieu.xlsx",
    )

    assert summary(batch) == {"create": 3, "add_revision": 1, "error": 1, "skip": 1}
    by_file = {Path(row["file"]).name: row for row in plan_of(batch)}
    assert "unknown department: PKT" in by_file["QT-PKT-51.docx"]["message"]
    assert by_file["HD-TCCB-50.rtf"]["legacy"]
    assert by_file["QT-VP-50_lan02.docx"]["effective_date"] == "2024-01-15"
    assert "not listed in the master list" in by_file["doc-truoc-khi-nhap.docx"]["message"]
