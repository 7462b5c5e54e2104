"""Hostile and broken sources: each gets a clear report line, nothing lands outside
MEDIA_ROOT, nothing is half-imported."""

import os
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from documents.models import Document
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, plan_of, write_xlsx, write_zip
from transfer.services import batch_plan, batch_run, batch_summary
from transfer.sources import Source, SourceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP", name="Văn phòng")
    return UserFactory(officer=True, username="officer")


def _messages(batch):
    return {row["file"]: (row["action"], row["message"], row["warnings"]) for row in plan_of(batch)}


def _media_files():
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_traversal_symlink_and_duplicates_in_a_zip(officer, tmp_path):
    link = zipfile.ZipInfo("QT-VP-09.docx")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    nfc = unicodedata.normalize("NFC", "QT-VP-02 Quy trình.docx")
    nfd = unicodedata.normalize("NFD", nfc)
    source = write_zip(
        tmp_path / "evil.zip",
        [
            ("../QT-VP-01_evil.docx", docx()),
            ("/etc/QT-VP-03.docx", docx()),
            (link, b"/etc/passwd"),
            (nfc, docx("a")),
            (nfd, docx("b")),
            ("QT-VP-04.docx", docx()),
        ],
    )
    batch = batch_plan(actor=officer, source=source)
    lines = _messages(batch)
    assert lines["../QT-VP-01_evil.docx"][:2] == (
        "error",
        "path outside the archive refused: ../QT-VP-01_evil.docx",
    )
    assert "path outside the archive" in lines["/etc/QT-VP-03.docx"][1]
    assert lines["QT-VP-09.docx"][:2] == ("error", "symbolic link refused: QT-VP-09.docx")
    same_name = [(r["action"], r["message"]) for r in plan_of(batch) if r["file"] == nfc]
    assert same_name[0][0] == "create"
    assert same_name[1] == ("error", f"duplicate name: {nfc} appears twice in the source")
    batch_run(batch, actor=officer)
    assert sorted(Document.objects.values_list("number", flat=True)) == ["QT-VP-02", "QT-VP-04"]
    assert not (tmp_path.parent / "QT-VP-01_evil.docx").exists() and not list(tmp_path.rglob("QT-VP-0*"))
    assert all(str(p).startswith(str(settings.MEDIA_ROOT)) for p in _media_files())


def test_zip_bomb_by_ratio_and_by_total_size(officer, tmp_path, settings):
    bomb = write_zip(
        tmp_path / "bomb.zip", [("QT-VP-01.docx", b"\0" * (5 * 1024 * 1024)), ("QT-VP-02.docx", docx())]
    )
    batch = batch_plan(actor=officer, source=bomb)
    action, message, _w = _messages(batch)["QT-VP-01.docx"]
    assert action == "error" and "zip bomb" in message
    settings.TRANSFER_MAX_TOTAL_BYTES = 1024 * 1024
    with pytest.raises(SourceError, match="zip bomb"):
        Source(bomb)


def test_vietnamese_names_cp1258_utf8_nfc_nfd(officer, tmp_path):
    # Windows-1258 writes "ế" as ê + combining acute (0xEC), "ậ" as â + dot below (0xF2): the bytes an old zipper stores
    raw = b"QT-VP-05 Ti" + "ê".encode("cp1258") + b"\xec" + b"p nh" + "â".encode("cp1258") + b"\xf2n.docx"
    placeholder = "X" * len(raw)
    path = write_zip(
        tmp_path / "vn.zip",
        [(placeholder, docx()), (unicodedata.normalize("NFD", "QT-VP-06 Hồ sơ.docx"), docx("x"))],
    )
    data = path.read_bytes().replace(placeholder.encode(), raw)
    path.write_bytes(data)
    batch = batch_plan(actor=officer, source=path)
    rows = {r["number"]: r for r in plan_of(batch)}
    assert rows["QT-VP-05"]["file"] == "QT-VP-05 Tiếp nhận.docx"  # decoded and NFC
    assert any("Windows-1258" in w for w in rows["QT-VP-05"]["warnings"])
    assert rows["QT-VP-06"]["file"] == unicodedata.normalize("NFC", "QT-VP-06 Hồ sơ.docx")
    batch_run(batch, actor=officer)
    assert (
        Document.objects.get(number="QT-VP-05").versions.get().original_filename == "QT-VP-05 Tiếp nhận.docx"
    )


def test_master_list_formulas_and_broken_dates(officer, tmp_path):
    source = write_zip(tmp_path / "s.zip", [("a.docx", docx()), ("b.docx", docx("b"))])
    master = write_xlsx(
        tmp_path / "list.xlsx",
        [
            [
                "QT-VP-01",
                '=HYPERLINK("http://evil","x")',
                "QT",
                "VP",
                "",
                1,
                "2020-01-01",
                12,
                "",
                "",
                "a.docx",
            ],
            ["QT-VP-02", "Ngày hỏng", "QT", "VP", "", 1, "31/02/2020", 12, "", "", "b.docx"],
        ],
    )
    batch = batch_plan(actor=officer, source=source, master_list=master)
    rows = {r["number"]: r for r in plan_of(batch)}
    assert rows["QT-VP-01"]["title"] == '=HYPERLINK("http://evil","x")'
    assert any("formula, kept as text and not evaluated" in w for w in rows["QT-VP-01"]["warnings"])
    assert (
        rows["QT-VP-02"]["action"] == "error"
        and "date not understood: 31/02/2020" in rows["QT-VP-02"]["message"]
    )
    from transfer.reports import plan_csv

    assert "'=HYPERLINK" in plan_csv(batch)  # the CSV report never carries a live formula


def test_folder_symlink_refused_and_changed_file_leaves_nothing_half_imported(officer, tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "QT-VP-01.docx").write_bytes(docx())
    os.symlink("/etc/passwd", folder / "QT-VP-02.docx")
    batch = batch_plan(actor=officer, source=folder)
    assert _messages(batch)["QT-VP-02.docx"][:2] == ("error", "symbolic link refused: QT-VP-02.docx")
    (folder / "QT-VP-01.docx").write_bytes(docx("changed after the dry run"))
    batch_run(batch, actor=officer)
    assert batch_summary(batch)["failed"] == 1
    assert "changed since the dry run" in batch.rows.get(position=0).message
    assert not Document.objects.exists() and not _media_files()


def test_content_checks_refuse_a_renamed_file_and_accept_legacy_by_content(officer, tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048
    source = write_zip(
        tmp_path / "s.zip",
        [
            ("QT-VP-01.docx", b"MZ not a document"),
            ("QT-VP-02.doc", ole),
            ("QT-VP-03.rtf", b"{\\rtf1 Quy trinh}"),
        ],
    )
    rows = {r["number"]: r for r in plan_of(batch_plan(actor=officer, source=source))}
    assert rows["QT-VP-01"]["action"] == "error" and rows["QT-VP-01"]["message"].startswith("file refused:")
    assert rows["QT-VP-02"]["action"] == "create" and rows["QT-VP-02"]["legacy"]
    assert rows["QT-VP-03"]["action"] == "create"
