"""locale/vi must stay complete: every catalogue in the project fully translated and compiled."""

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from documents.workflow import DocumentStatus
from organisation.roles import Role, role_label
from organisation.services import system_user
from qms.history import save_recorded
from tests.documents.factories import UserFactory, make_document

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run msgfmt"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if not e.msgid_plural}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert not stale, f"{mo_path} is older than its .po for: {stale[:10]}"


def _catalogue_name(po_path: Path) -> str:
    relative = po_path.relative_to(ROOT)
    return "locale/vi" if relative.parts[0] == "locale" else relative.parts[0]


def test_one_english_string_means_one_thing_or_carries_a_context():
    # given every catalogue: Django merges them into one table per language, so a msgid
    # without context gets one translation project-wide and any other is never shown
    # (the audit title read "Tên tài liệu", the feedback message "Thông báo")
    translations: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgctxt is None:
                msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
                translations[entry.msgid][msgstr].add(_catalogue_name(po_path))
    # when one English string is translated differently in two catalogues
    clashes = {
        msgid: {msgstr: sorted(where) for msgstr, where in by_msgstr.items()}
        for msgid, by_msgstr in sorted(translations.items())
        if len(by_msgstr) > 1
    }
    # then the test fails: same meaning, use one translation; different meanings, give
    # each a context (pgettext / {% translate "x" context "y" %}) and translate each
    listing = "\n".join(f"  {msgid!r}: {where}" for msgid, where in clashes.items())
    assert not clashes, f"{len(clashes)} msgids translated differently in two catalogues:\n{listing}"


def test_every_role_has_a_vietnamese_name():
    # given the role groups (stored under their English names)
    with translation.override("vi"):
        labels = {role: role_label(role) for role in Role.ALL}
    # then each is shown in Vietnamese, and a group an administrator made keeps its name
    assert labels[Role.APPROVER] == "Người phê duyệt" and labels[Role.OFFICER] == "Thư ký ISO"
    assert not [role for role, label in labels.items() if label == role]
    assert role_label("Ban ISO") == "Ban ISO"


@pytest.mark.django_db
def test_document_history_shows_actions_and_the_system_user_in_vietnamese(client):
    # given an effective document, and a step taken by the system account
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    save_recorded(document, actor=system_user(), reason="schedule")
    # when the officer reads its page in Vietnamese
    client.force_login(officer)
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    # then the history names the steps and the system in Vietnamese, not the stored codes
    history = page[page.index("Lịch sử") :]
    assert "Đã đăng ký tài liệu" in history and "Mở dự thảo" in history and "Đặt ngày hiệu lực" in history
    assert "Hệ thống HTQLCL (tự động)" in history
    for code in ("· register", "· draft", "· schedule", "· publish", "qms-system"):
        assert code not in history, code


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_string_is_shown_with_its_own_translation(po_path):
    # given a catalogue of ours
    entries = [e for e in polib.pofile(str(po_path)).translated_entries() if not e.msgid_plural]
    # when each string is looked up as a page would, in Vietnamese
    with translation.override("vi"):
        shown = {
            (e.msgctxt, e.msgid): pgettext(e.msgctxt, e.msgid) if e.msgctxt else gettext(e.msgid)
            for e in entries
        }
    # then the user reads this catalogue's translation, not one from an app listed earlier
    # in INSTALLED_APPS (Django's admin comes first) or from another app of ours
    wrong = {
        msgid: f"{e.msgstr!r} shown as {shown[(ctx, msgid)]!r}"
        for e in entries
        for ctx, msgid in [(e.msgctxt, e.msgid)]
        if shown[(ctx, msgid)] != e.msgstr
    }
    assert not wrong, (
        f"{po_path.relative_to(ROOT)}: {len(wrong)} strings show another catalogue's translation "
        f"(same meaning: list the word in qms/shared_words.py; another meaning: give it a context): {wrong}"
    )
