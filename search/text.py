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


# every character below U+2100 (Latin with Vietnamese's letters, the Latin Extended
# Additional block ạ ả ấ ... ỹ, general punctuation – “ ” …) folded once: str.translate
# with a plain dict. Text with other characters (CJK, symbols) takes the per-character way.
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x2100)}


def fold_aligned(text: str) -> str:
    text = nfc(text)
    if not text or max(text) < "\u2100":
        return text.translate(_FOLD_TABLE)
    return "".join(_fold_char(ch) for ch in text)


def fold_words(text: str) -> list[str]:
    return WORD.findall(fold_aligned(text).replace("_", " "))


def fold(text: str) -> str:
    words = fold_words(text)
    return f" {' '.join(words)} " if words else ""
