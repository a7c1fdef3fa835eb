"""Direction cells read leniently, as provincial camera lists write them.

:func:`geo.direction.parse_direction` reads a clean direction and refuses the
rest.  Real lists also hold a bearing with compass letters (``"126° SE"``,
``"Hướng: 163° S"``), a bearing with a remark (``"307° NW, hướng về trung
tâm"``) and remarks alone (``"Hướng về trung tâm thành phố"``).
:func:`read_direction` keeps every bearing written in degrees, checks the
letters against it, and keeps the words as a note instead of refusing the row.

Accepted, in this order:

1. blank or None → no bearing, no note;
2. a number in [0, 360] (360 is north) and everything
   :func:`geo.direction.parse_direction_sector` reads (degrees, ``126,5 độ``,
   compass points in English or Vietnamese, ``hướng`` in front, ranges
   ``"300-60"`` which also give ``fov``);
3. a bearing (after an optional ``hướng:``), then optionally a compass point
   of 1–3 words or one abbreviation ended by punctuation or the end, then
   optionally words after punctuation or a space → the note.  A bare number
   without ``°``/``độ`` followed by a space and a word that is not a compass
   point (``"3 camera ở cổng"``) is not a bearing;
4. a compass point ended by punctuation or a number, then optionally a bearing
   with ``°``/``độ`` (``"SE 126°"``, checked as in 3), then words → the note
   (``"Đông Nam, phía chợ"``);
5. anything else → no bearing, the trimmed text as note.

Refused (``GeometryInputError`` on ``direction_deg``): a negative bearing, one
beyond 360° (``"400"``, ``"400°"``, ``"400° W"``), NaN, True/False.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.direction import FIELD, LoneN, _compass, parse_direction_sector
from geo.errors import GeometryInputError
from geo.text import fold

__all__ = ["DirectionReading", "read_direction"]


@dataclass(frozen=True)
class DirectionReading:
    """A direction cell read leniently: its bearing if any, the words kept, what to check.

    ``bearing`` is None when the cell gives no direction (blank, or only words
    such as "hướng về trung tâm", which then are the ``note``).  ``fov`` is set
    only by a clockwise range ``"300-60"``, as :func:`parse_direction_sector`.
    """

    bearing: float | None
    note: str | None
    warnings: tuple[str, ...] = ()
    fov: float | None = None


_LEAD = re.compile(r"\s*(?:huong|direction|dir|azimuth|phuong vi|goc huong)\b[\s:=.\-]*")
_BEARING = re.compile(r"(?P<num>[+\-−]?\d+(?:[.,]\d+)?)\s*(?P<unit>°|º|˚|do\b|deg(?:rees?)?\b)?")
_GAP = re.compile(r"[\s,;:.\-–—/()]*")
_PUNCTUATION = re.compile(r"\s*(?:$|[,;:.\-–—/()]|\d)")
_WORD_RUN = re.compile(r"[a-z]+(?:[\s\-]+[a-z]+)*")
_WORD = re.compile(r"[a-z]+")
_NOTE_STRIP = " \t,;:.-–—/()"


def _lenient_fail(text: object, why: str) -> GeometryInputError:
    return GeometryInputError(FIELD, f"Hướng không đọc được / unreadable direction {text!r}: {why}")


def _bearing_value(value: float, text: object) -> float:
    """A written bearing in [0, 360] as an azimuth in [0, 360); 360 is north."""
    if not math.isfinite(value):
        raise _lenient_fail(text, "không phải số / not a number")
    if value < 0.0:
        raise _lenient_fail(text, f"hướng không được âm / a bearing cannot be negative ({value:g})")
    if value > 360.0:
        raise _lenient_fail(
            text, f"hướng {value:g}° vượt quá 360° / bearing {value:g}° is beyond 360°"
        )
    return value % 360.0


def _fold_with_starts(text: str) -> tuple[str, list[int]]:
    """``fold`` character by character, with where each folded character came from."""
    chars: list[str] = []
    starts: list[int] = []
    for index, char in enumerate(text):
        folded = " " if char.isspace() else fold(char)
        chars.append(folded)
        starts.extend([index] * len(folded))
    return "".join(chars), starts


def _compass_at(folded: str, start: int, lone_n: LoneN) -> tuple[float, int] | None:
    """A compass point of 1–3 words at ``start``, ended by punctuation or the end."""
    run = _WORD_RUN.match(folded, start)
    if run is None:
        return None
    words = list(_WORD.finditer(folded, start, run.end()))
    for count in (3, 2, 1):
        if len(words) < count or not _PUNCTUATION.match(folded, words[count - 1].end()):
            continue
        end = words[count - 1].end()
        try:
            azimuth = _compass(folded[start:end], lone_n, folded)
        except GeometryInputError:
            azimuth = None
        if azimuth is not None:
            return azimuth, end
    return None


def _gap_end(folded: str, at: int) -> int:
    """Where the punctuation and spaces starting at ``at`` end."""
    gap = _GAP.match(folded, at)
    return gap.end() if gap else at


def _note(text: str, starts: list[int], folded_at: int) -> str | None:
    """The original words from folded position ``folded_at`` on, or None."""
    if folded_at >= len(starts):
        return None
    return text[starts[folded_at] :].strip(_NOTE_STRIP) or None


def _disagreement(value: float, azimuth: float, letters: str) -> tuple[str, ...]:
    gap = abs((value - azimuth + 180.0) % 360.0 - 180.0)
    if gap <= 45.0:
        return ()
    return (
        f"Hướng {value:g}° và {letters!r} ({azimuth:g}°) lệch nhau {gap:g}°, dùng {value:g}° / "
        f"bearing {value:g}° and {letters!r} ({azimuth:g}°) disagree by {gap:g}°; "
        f"{value:g}° is used",
    )


def _number(match: re.Match[str], text: str) -> float:
    return _bearing_value(float(match.group("num").replace(",", ".").replace("−", "-")), text)


class _Cell:
    """A cell folded for matching, with a way back to its original words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.starts = _fold_with_starts(text)

    def note(self, folded_at: int) -> str | None:
        """The original words from folded position ``folded_at`` on, or None."""
        return _note(self.text, self.starts, _gap_end(self.folded, folded_at))

    def letters(self, start: int, end: int) -> str:
        """The original text of the folded span ``start:end``."""
        return self.text[self.starts[start] : self.starts[end - 1] + 1]


def _bearing_first(cell: _Cell, number: re.Match[str], lone_n: LoneN) -> DirectionReading:
    """``126° SE, words``: the number, letters checked against it, the words as note."""
    after = _gap_end(cell.folded, number.end())
    compass = _compass_at(cell.folded, after, lone_n)
    bare = number.group("unit") is None and not cell.folded[number.end() : after].strip()
    if compass is None and bare and after < len(cell.folded):
        return DirectionReading(None, cell.text.strip())  # "3 camera ở cổng": a count
    value = _number(number, cell.text)
    if compass is None:
        return DirectionReading(value, cell.note(after))
    azimuth, end = compass
    warnings = _disagreement(value, azimuth, cell.letters(after, end))
    return DirectionReading(value, cell.note(end), warnings)


def _compass_first(cell: _Cell, start: int, lone_n: LoneN) -> DirectionReading:
    """``Đông Nam, words`` or ``SE 126°``: a compass point, maybe a bearing, the words."""
    compass = _compass_at(cell.folded, start, lone_n)
    if compass is None:
        return DirectionReading(None, cell.text.strip())
    azimuth, end = compass
    number = _BEARING.match(cell.folded, _gap_end(cell.folded, end))
    if number is None or number.group("unit") is None:
        return DirectionReading(azimuth, cell.note(end))
    value = _number(number, cell.text)
    warnings = _disagreement(value, azimuth, cell.letters(start, end))
    return DirectionReading(value, cell.note(number.end()), warnings)


def _read_words(text: str, lone_n: LoneN) -> DirectionReading:
    """A cell parse_direction refused: a bearing with letters and words, or words alone."""
    cell = _Cell(text)
    lead = _LEAD.match(cell.folded)
    start = lead.end() if lead else 0
    number = _BEARING.match(cell.folded, start)
    if number is not None:
        return _bearing_first(cell, number, lone_n)
    return _compass_first(cell, start, lone_n)


def read_direction(text: str | float | int | None, *, lone_n: LoneN = "north") -> DirectionReading:
    """Read a direction cell the way a camera list writes it, never guessing a bearing.

    Whatever :func:`parse_direction_sector` reads gives its bearing and fov
    (and ``360`` is north).  Otherwise a bearing followed by a compass point (``"259° W"``,
    ``"Hướng: 163° S"``) keeps the number and warns when the letters are more
    than 45° off; words after it become the note (``"307° NW, hướng về trung
    tâm"``).  A compass point then punctuation (``"Đông Nam, phía chợ"``) gives
    its azimuth and the rest as note.  Text with no bearing is a note, blank is
    nothing.

    Raises
    ------
    GeometryInputError
        ``field="direction_deg"`` for a negative bearing or one beyond 360°.

    Examples
    --------
    >>> read_direction("126° SE")
    DirectionReading(bearing=126.0, note=None, warnings=(), fov=None)
    >>> read_direction("hướng Đông Nam").bearing
    135.0
    >>> read_direction("307° NW, hướng về trung tâm").note
    'hướng về trung tâm'
    >>> read_direction("Hướng về trung tâm thành phố")
    DirectionReading(bearing=None, note='Hướng về trung tâm thành phố', warnings=(), fov=None)
    >>> len(read_direction("259° E").warnings)
    1
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return DirectionReading(None, None)
    if not isinstance(text, str):
        if isinstance(text, bool):
            raise _lenient_fail(text, "không phải số / not a number")
        return DirectionReading(_bearing_value(float(text), text), None)
    try:
        bearing, fov = parse_direction_sector(text, lone_n=lone_n)
    except GeometryInputError:
        return _read_words(text, lone_n)
    return DirectionReading(bearing, None, fov=fov)
