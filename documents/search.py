"""Accent-insensitive search keys: "quy trinh" finds "Quy trình", "dao tao" finds "Đào tạo"."""

import unicodedata


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    # Đ/đ is a letter of its own, not D plus a combining mark.
    return " ".join(stripped.replace("Đ", "D").replace("đ", "d").lower().split())
