"""Vietnamese address text as people type it: parts, type words, abbreviations, typos.

Everything is compared in a *canonical folded* form: ``textnorm.fold`` (no
diacritics, lower case, single spaces) with abbreviations expanded at the start
of a part ("X." → "xa", "TT" → "thi tran", "TP." → "thanh pho", "P3" →
"phuong 3") and long forms of common institution words shortened in the same way
on both sides ("Ủy ban nhân dân" → "ubnd", "Trung học cơ sở" → "thcs").
Numbers and school levels are *strict*: "Thôn 3" never matches "Thôn 4" however
close the strings are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from camera_registry.textnorm import fold

#: Type words of administrative units (folded) and the levels they can name.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "thi tran": ("commune",),
    "xa": ("commune",),
    "phuong": ("commune",),
    "dac khu": ("commune",),
    "huyen": ("district",),
    "quan": ("district",),
    "thi xa": ("district",),
    "thanh pho": ("district", "province"),
    "tinh": ("province",),
}

#: Abbreviations of type words at the start of a part (folded, before expansion).
_ABBREVIATIONS = {
    "tt": "thi tran",
    "x": "xa",
    "p": "phuong",
    "h": "huyen",
    "q": "quan",
    "tx": "thi xa",
    "tp": "thanh pho",
    "t": "tinh",
}
_ABBREV = re.compile(r"^(tt|tx|tp|x|p|h|q|t)(?:\s*\.\s*|\s+|(?=\d))(?=\S)")
_TYPE_PREFIX = re.compile(
    r"^(" + "|".join(sorted(TYPE_WORDS, key=len, reverse=True)) + r")\b\s*(.*)$"
)
_SYNONYMS = (
    (re.compile(r"\b(?:tp\s*\.?\s*)?hcm\b|\btphcm\b|\bsai gon\b"), "ho chi minh"),
    (re.compile(r"\buy ban nhan dan\b|\buy ban\b"), "ubnd"),
    (re.compile(r"\btrung hoc co so\b"), "thcs"),
    (re.compile(r"\btrung hoc pho thong\b"), "thpt"),
    (re.compile(r"\btieu hoc\b"), "th"),
    (re.compile(r"\bmam non\b"), "mn"),
    (re.compile(r"\bto dan pho\b"), "tdp"),
    (re.compile(r"\bkhu pho\b"), "kp"),
    (re.compile(r"\bso nha\b|\bso(?= \d)"), ""),
    (re.compile(r"(?<=\d)\s*/\s*(?=\d)"), "/"),
)
_STRICT_WORDS = frozenset({"mn", "th", "thcs", "thpt"})
_NUMBER = re.compile(r"\d+[a-z]?(?:/\d+[a-z]?)*")
_SEPARATORS = re.compile(r"[,;\n]+")


def canonical(text: str) -> str:
    """Fold a part and expand abbreviations: ``"X. Cẩm Liên"`` → ``"xa cam lien"``.

    >>> canonical("TT. Phong Sơn"), canonical("Ủy ban nhân dân xã Cẩm Liên")
    ('thi tran phong son', 'ubnd xa cam lien')
    """
    folded = fold(unicodedata.normalize("NFC", text)).strip(" .-")
    match = _ABBREV.match(folded)
    if match and folded[: match.end()].strip(" .") in _ABBREVIATIONS:
        folded = f"{_ABBREVIATIONS[match.group(1)]} {folded[match.end() :]}"
    for pattern, replacement in _SYNONYMS:
        folded = pattern.sub(replacement, folded)
    return " ".join(folded.replace(".", " ").split())


def split_parts(text: str) -> list[str]:
    """The comma-separated parts of an address, stripped, empty ones dropped."""
    return [p.strip() for p in _SEPARATORS.split(unicodedata.normalize("NFC", text)) if p.strip()]


@dataclass(frozen=True)
class TypedName:
    """A part read as an optional type word and a name: ``("xa", "cam lien")``."""

    type_word: str | None
    name: str


def typed_name(part: str) -> TypedName:
    """Split a part into its type word (if it starts with one) and the rest."""
    text = canonical(part)
    match = _TYPE_PREFIX.match(text)
    if match and match.group(2):
        return TypedName(match.group(1), match.group(2))
    return TypedName(None, text)


def strict_tokens(canonical_text: str) -> frozenset[str]:
    """Numbers and school levels: tokens two names must share exactly to match."""
    words = set(canonical_text.split())
    numbers = set(_NUMBER.findall(canonical_text))
    return frozenset(numbers | (words & _STRICT_WORDS))


def similarity(query: str, name: str) -> float:
    """0-100 similarity of two canonical strings; 0 when their strict tokens differ."""
    if strict_tokens(query) != strict_tokens(name):
        return 0.0
    if query == name:
        return 100.0
    return float(max(fuzz.ratio(query, name), fuzz.token_sort_ratio(query, name)))
