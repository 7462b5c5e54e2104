"""Folding for accent-insensitive search: "cap ban sao" finds "cấp bản sao", "đ" -> "d".

``fold`` gives the stored, indexed form of a text: lower case, marks stripped, words
(letters and digits) separated by single spaces and padded with one space at each end,
so that a word is matched as " word ", a prefix as " word" and a phrase as " w1 w2 ".
``fold_aligned`` folds character by character (same length as the input) so that a
position found in the folded text is the same position in the original (snippets).
"""

import re
import unicodedata

WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").replace("\x00", ""))


def _fold_char(ch: str) -> str:
    if ch in "Đđ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn").lower()
    if len(base) != 1:
        return base[:1] or " "
    return base if base.isalnum() or base == "_" else " "


class _FoldTable(dict):
    """str.translate table computing and keeping each character's folding on first use."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    return nfc(text).translate(_FOLD_TABLE)


def fold_words(text: str) -> list[str]:
    return WORD.findall(fold_aligned(text).replace("_", " "))


def fold(text: str) -> str:
    words = fold_words(text)
    return f" {' '.join(words)} " if words else ""
