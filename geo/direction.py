"""Viewing directions as people write them in camera lists.

Stewards type a camera's direction as degrees (``126``, ``126°``, ``126,5 độ``),
as a compass point in English (``N``, ``NE``, ``NNE``, ``north-east``) or in
Vietnamese (``Đông Nam``, ``ĐN``, ``hướng Tây Bắc``, ``Bắc Đông Bắc``), and
OpenStreetMap's ``camera:direction`` adds a clockwise range ``"300-60"``: the
camera looks at the sector from 300° to 60°.  :func:`parse_direction` turns
the first forms into an azimuth; :func:`parse_direction_sector` also reads the
range and returns its middle and width.  Anything the functions would have to
guess is an error, never a silent 0.

One letter clashes: English ``N`` is north, Vietnamese ``N`` is *Nam* (south).
A lone ``N`` is read as ``lone_n`` says (north by default);
:func:`uses_vietnamese_compass` lets a caller decide from the rest of a file.

Examples
--------
>>> parse_direction("126°")
126.0
>>> parse_direction("hướng Tây Bắc")
315.0
>>> parse_direction("NNE")
22.5
>>> parse_direction_sector("300-60")
(0.0, 120.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Literal

from geo.errors import GeometryInputError
from geo.text import fold

FIELD = "direction_deg"

LoneN = Literal["north", "south"]

#: Cardinal azimuths.
_NORTH, _EAST, _SOUTH, _WEST = 0.0, 90.0, 180.0, 270.0

#: Whole words (folded) → azimuth.  "nam" is only ever Vietnamese south.
_WORDS: dict[str, float] = {
    "north": _NORTH,
    "east": _EAST,
    "south": _SOUTH,
    "west": _WEST,
    "bac": _NORTH,
    "dong": _EAST,
    "nam": _SOUTH,
    "tay": _WEST,
}
_ENGLISH_LETTERS = {"n": _NORTH, "e": _EAST, "s": _SOUTH, "w": _WEST}
_VIETNAMESE_LETTERS = {"b": _NORTH, "d": _EAST, "n": _SOUTH, "t": _WEST}

_PREFIX = re.compile(r"^(?:huong|direction|dir|azimuth|phuong vi|goc huong)\b[\s:=.-]*")
_DEGREES = re.compile(
    r"^(?P<num>\d+(?:[.,]\d+)?(?:e[+-]?\d+)?)\s*(?:°|º|˚|do|deg|degrees?)?$",
)
_SPLIT = re.compile(r"[\s\-_/–—]+")
_ENGLISH_RUN = re.compile(r"^(?:north|east|south|west)+$")
_ENGLISH_WORD = re.compile(r"north|east|south|west")
_RANGE = re.compile(r"^(?P<a>[^\-–—]+?)\s*[\-–—]\s*(?P<b>[^\-–—]+)$")


def _fail(text: object, why: str = "") -> GeometryInputError:
    hint = "write degrees from north (0 to below 360) or a compass point (NE, Đông Nam, ĐN)"
    return GeometryInputError(FIELD, f"cannot read {text!r} as a direction: {why or hint}")


def _combine(azimuths: list[float], text: object) -> float:
    """The compass point named by 1–3 cardinal azimuths (N, NE, NNE style)."""
    if len(azimuths) == 1:
        return azimuths[0]
    if len(azimuths) == 2:
        a, b = azimuths
        gap = (b - a) % 360.0
        if gap not in (90.0, 270.0):
            raise _fail(text, "the two compass words must be neighbours, like NE or Đông Nam")
        return (a + gap / 2.0) % 360.0 if gap == 90.0 else (b + 45.0) % 360.0
    if len(azimuths) == 3:
        first, pair = azimuths[0], _combine(azimuths[1:], text)
        if first not in azimuths[1:]:
            raise _fail(text, "a three-part compass point repeats a neighbour, like NNE")
        diff = (pair - first + 180.0) % 360.0 - 180.0
        return (first + diff / 2.0) % 360.0
    raise _fail(text, "compass points have at most three parts, like NNE")


def _letters(run: str, lone_n: LoneN) -> list[float] | None:
    """Read an abbreviation such as ``nne`` or ``dn``; None if it is not one."""
    if not run or len(run) > 3:
        return None
    if set(run) <= _ENGLISH_LETTERS.keys() and set(run) <= _VIETNAMESE_LETTERS.keys():
        table = _ENGLISH_LETTERS if lone_n == "north" else _VIETNAMESE_LETTERS
    elif set(run) <= _ENGLISH_LETTERS.keys():
        table = _ENGLISH_LETTERS
    elif set(run) <= _VIETNAMESE_LETTERS.keys():
        table = _VIETNAMESE_LETTERS
    else:
        return None
    return [table[ch] for ch in run]


def _compass(folded: str, lone_n: LoneN, text: object) -> float | None:
    """Azimuth of a compass name, or None if the text is not one."""
    parts = [p for p in _SPLIT.split(folded) if p]
    if not parts:
        return None
    azimuths: list[float] = []
    for part in parts:
        if part in _WORDS:
            azimuths.append(_WORDS[part])
        elif _ENGLISH_RUN.match(part):
            azimuths.extend(_WORDS[w] for w in _ENGLISH_WORD.findall(part))
        elif len(parts) == 1 and (letters := _letters(part, lone_n)) is not None:
            azimuths.extend(letters)
        else:
            return None
    return _combine(azimuths, text)


def _degrees(folded: str, text: object) -> float | None:
    match = _DEGREES.match(folded)
    if match is None:
        return None
    value = float(match.group("num").replace(",", "."))
    if not 0.0 <= value < 360.0:
        raise _fail(text, "degrees must be at least 0 and below 360 (write 0 for north)")
    return value


def parse_direction(text: str | float | int, *, lone_n: LoneN = "north") -> float:
    """Return the azimuth (degrees clockwise from north, in [0, 360)) a person wrote.

    Parameters
    ----------
    text:
        Degrees (``"126"``, ``"126°"``, ``"126,5 độ"``, or a number), or a
        compass point in English or Vietnamese, words or abbreviations, with an
        optional ``"hướng"`` / ``"direction"`` in front.
    lone_n:
        How to read a bare ``N``: ``"north"`` (English) or ``"south"`` (*Nam*).

    Raises
    ------
    GeometryInputError
        ``field="direction_deg"`` for empty, unreadable or out-of-range input.
    """
    if isinstance(text, bool):
        raise _fail(text)
    if isinstance(text, int | float):
        if not math.isfinite(text) or not 0.0 <= text < 360.0:
            raise _fail(text, "degrees must be at least 0 and below 360 (write 0 for north)")
        return float(text)
    if not isinstance(text, str):
        raise _fail(text)
    folded = _PREFIX.sub("", fold(text)).strip(" .:;")
    if not folded:
        raise _fail(text, "it is empty")
    value = _degrees(folded, text)
    if value is None:
        value = _compass(folded, lone_n, text)
    if value is None:
        raise _fail(text)
    return value


def parse_direction_sector(
    text: str | float | int, *, lone_n: LoneN = "north"
) -> tuple[float, float | None]:
    """Return ``(direction, fov)`` for a direction or a clockwise range ``"A-B"``.

    A single direction gives ``(azimuth, None)``; a range of degrees from ``A``
    clockwise to ``B`` gives its middle and its width (``"300-60"`` →
    ``(0.0, 120.0)``; ``"0-360"`` is a full circle).  Compass words joined by a
    hyphen (``"Đông-Nam"``) are one compass point, not a range.

    Raises
    ------
    GeometryInputError
        As :func:`parse_direction`, and for a range of zero width.
    """
    if isinstance(text, str):
        folded = fold(text)
        match = _RANGE.match(folded)
        if match and _DEGREES.match(match.group("a")) and _DEGREES.match(match.group("b")):
            start = _range_end(match.group("a"), text)
            end = _range_end(match.group("b"), text)
            width = (end - start) % 360.0 or (360.0 if end != start else 0.0)
            if width == 0.0:
                raise _fail(text, "a range from A to B must not be empty")
            return (start + width / 2.0) % 360.0, width
    return parse_direction(text, lone_n=lone_n), None


def _range_end(folded: str, text: object) -> float:
    match = _DEGREES.match(folded)
    assert match is not None
    value = float(match.group("num").replace(",", "."))
    if not 0.0 <= value <= 360.0:
        raise _fail(text, "range ends must be between 0 and 360 degrees")
    return value


def uses_vietnamese_compass(texts: Iterable[object]) -> bool:
    """Whether any of these directions is written with Vietnamese compass letters or words.

    A file whose other directions read ``ĐB``, ``TN`` or ``Tây`` means *Nam*
    by a lone ``N``; one with ``NE`` or ``W`` means north.
    """
    for text in texts:
        if not isinstance(text, str):
            continue
        folded = _PREFIX.sub("", fold(text)).strip(" .:;")
        parts = [p for p in _SPLIT.split(folded) if p]
        if any(p in ("bac", "dong", "tay", "nam") for p in parts):
            return True
        if len(parts) == 1 and len(parts[0]) <= 3 and set(parts[0]) & {"b", "d", "t"}:
            if set(parts[0]) <= _VIETNAMESE_LETTERS.keys():
                return True
    return False
