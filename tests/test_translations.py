"""locale/vi must stay complete: every catalogue in the project fully translated and compiled."""

from pathlib import Path

import polib
import pytest

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
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if not e.msgid_plural}
    stale = [
        e.msgid for e in po.translated_entries() if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr
    ]
    assert not stale, f"{mo_path} is older than its .po for: {stale[:10]}"
