"""Folding Vietnamese text for comparison: no case, no diacritics, single spaces.

Both the registry's searches (names stored folded) and :mod:`geo.direction`
(``Đông Nam``, ``hướng Tây Bắc``) compare words this way, so there is one fold.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse spaces.

    >>> fold("  Xã Cẩm  Liên ")
    'xa cam lien'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split()).lower()
