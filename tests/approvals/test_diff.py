"""The readable diff a signer sees: DOCX via mammoth, PDF via its text layer, authored text."""

import pytest

from approvals.diff import version_diff
from documents import services as document_services
from tests.approvals.factories import make_effective_document
from tests.documents.factories import UserFactory, make_upload

pytestmark = pytest.mark.django_db


def revise(document, officer, **kwargs):
    return document_services.version_create_draft(
        actor=officer, document=document, change_summary="Sửa", **kwargs
    )


@pytest.mark.parametrize("name", ["quy-trinh.docx", "quy-trinh.pdf"])
def test_file_versions_are_compared_by_their_text(name):
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer, file_name=name)
    old = document.versions.get()
    new = revise(document, officer, file=make_upload(name, text="Thoi han giai quyet 5 ngay"))
    diff = version_diff(old, new)
    assert diff.available and (diff.added, diff.removed) == (1, 1)
    assert [line.kind for line in diff.lines] == ["removed", "added"]
    assert "Thoi han giai quyet 5 ngay" in diff.lines[1].text


def test_authored_text_is_compared_directly():
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer, file_name=None)
    new = revise(document, officer, body="Nội dung\nBước 2: kiểm tra hồ sơ")
    diff = version_diff(document.versions.get(revision=1), new)
    assert [(line.kind, line.text) for line in diff.lines] == [
        ("same", "Nội dung"),
        ("added", "Bước 2: kiểm tra hồ sơ"),
    ]


def test_other_formats_say_no_diff_is_available_and_a_first_version_has_nothing_to_compare():
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer, file_name="so-do.png")
    new = revise(document, officer, file=make_upload("so-do-2.png"))
    diff = version_diff(document.versions.get(revision=1), new)
    assert not diff.available and "No text comparison" in diff.reason
    assert not version_diff(None, new).available


def test_a_damaged_file_gives_a_message_not_an_error():
    officer = UserFactory(officer=True)
    document = make_effective_document(officer=officer)
    new = revise(document, officer, file=make_upload("v2.pdf"))
    with open(new.file.path, "wb") as handle:
        handle.write(b"%PDF-1.4 broken")
    diff = version_diff(document.versions.get(revision=1), new)
    assert not diff.available and "could not be read" in diff.reason
