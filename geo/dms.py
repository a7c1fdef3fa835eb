"""Degrees-minutes-seconds as people in Vietnam actually type them.

Officers copy coordinates from cadastral certificates, GPS handsets and phone
apps, so the same latitude arrives as ``20°12'30"N``, ``20 12 30.5``,
``20°12.5'``, ``B 20°12'30,5"`` or ``-20.2083``.  :func:`parse_dms` turns all of
those into signed decimal degrees and refuses anything it would have to guess.

Hemisphere letters are read in English (N, S, E, W) and Vietnamese
(B = Bắc/north, Đ or D = Đông/east, T = Tây/west).  Vietnamese "Nam" (south)
abbreviates to N, which clashes with English north; a lone N is read as north
because every Vietnamese position is north of the equator.
"""

from __future__ import annotations

import math
import re

from geo.errors import GeometryInputError

_FIELD = "coordinate"

#: Hemisphere letter → (sign, is latitude).
_HEMISPHERES: dict[str, tuple[int, bool]] = {
    "N": (1, True),
    "B": (1, True),
    "S": (-1, True),
    "E": (1, False),
    "Đ": (1, False),
    "D": (1, False),
    "W": (-1, False),
    "T": (-1, False),
}

#: Unit marks → position (0 degrees, 1 minutes, 2 seconds).  Covers the ASCII
#: marks, the proper prime symbols and what word processors "smarten" them into.
_UNITS: dict[str, int] = {
    "°": 0,
    "º": 0,
    "˚": 0,
    "'": 1,
    "′": 1,
    "’": 1,
    "‘": 1,
    "´": 1,
    "`": 1,
    '"': 2,
    "″": 2,
    "”": 2,
    "“": 2,
    "''": 2,
    "′′": 2,
    "’’": 2,
}

_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_TOKEN = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_UNIT_PATTERN})?\s*")
_HEMI_LETTERS = "".join(_HEMISPHERES)
_LEADING_HEMI = re.compile(rf"^([{_HEMI_LETTERS}])\s*(?=[\d+\-−])", re.IGNORECASE)
_TRAILING_HEMI = re.compile(
    rf"(?<=[\d{re.escape(''.join(_UNITS))}\s])\s*([{_HEMI_LETTERS}])$", re.IGNORECASE
)


def _fail(text: str, why: str) -> GeometryInputError:
    return GeometryInputError(_FIELD, f"cannot read {text!r}: {why}")


def _split_hemisphere(text: str) -> tuple[str, str | None]:
    """Remove one leading or trailing hemisphere letter and return it."""
    leading = _LEADING_HEMI.match(text)
    trailing = _TRAILING_HEMI.search(text)
    if leading and trailing:
        raise _fail(text, "it names a hemisphere twice")
    if leading:
        return text[leading.end() :], leading.group(1).upper()
    if trailing:
        return text[: trailing.start()], trailing.group(1).upper()
    return text, None


def _components(text: str, body: str) -> list[tuple[int, float, bool]]:
    """Split the numeric body into (position, value, has_fraction) triples."""
    parts: list[tuple[int, float, bool]] = []
    pos = 0
    next_position = 0
    while pos < len(body):
        token = _TOKEN.match(body, pos)
        if token is None:
            raise _fail(text, f"unexpected {body[pos:]!r}")
        number, unit = token.group(1), token.group(2)
        position = next_position if unit is None else _UNITS[unit]
        if position > 2:
            raise _fail(text, "there are more than three components")
        if position < next_position:
            raise _fail(text, "degrees, minutes and seconds are out of order")
        parts.append((position, float(number.replace(",", ".")), "." in number or "," in number))
        next_position = position + 1
        pos = token.end()
    if not parts:
        raise _fail(text, "there is no number in it")
    if parts[0][0] != 0:
        raise _fail(text, "it must start with degrees")
    return parts


def parse_dms(text: str) -> float:
    """Return signed decimal degrees for a coordinate typed by a person.

    Parameters
    ----------
    text:
        Degrees with optional minutes and seconds, separated by unit marks
        (``° ' "`` or the typographic ``° ′ ″``) or by spaces; a decimal point or
        comma in the last component only; an optional hemisphere letter before
        or after (N/S/E/W, B/Đ/D/T) or a leading minus sign, but not both.

    Returns
    -------
    float
        Decimal degrees, negative for south and west.

    Raises
    ------
    GeometryInputError
        With ``field="coordinate"`` when the text is empty, malformed, has
        minutes or seconds of 60 or more, or exceeds 90° (latitude
        hemispheres) or 180° (otherwise).

    Examples
    --------
    >>> parse_dms("20°12'30\\"N")
    20.208333333333332
    >>> parse_dms("105°28′15″Đ")
    105.47083333333333
    >>> parse_dms("-20 12.5")
    -20.208333333333332
    """
    if not isinstance(text, str):
        raise GeometryInputError(_FIELD, "must be text such as 20°12'30\"N")
    body, hemisphere = _split_hemisphere(text.strip())
    body = body.strip()
    sign = 1
    if body[:1] in ("-", "−", "+"):
        if hemisphere is not None:
            raise _fail(text, "give either a sign or a hemisphere letter, not both")
        sign = -1 if body[0] != "+" else 1
        body = body[1:].lstrip()
    parts = _components(text, body)
    if any(has_fraction for _, _, has_fraction in parts[:-1]):
        raise _fail(text, "only the last component may have decimals")
    values = [0.0, 0.0, 0.0]
    for position, value, _ in parts:
        values[position] = value
    degrees, minutes, seconds = values
    for name, value in (("minutes", minutes), ("seconds", seconds)):
        if value >= 60:
            raise _fail(text, f"{name} {value:g} must be below 60")
    is_latitude = False
    if hemisphere is not None:
        hemi_sign, is_latitude = _HEMISPHERES[hemisphere]
        sign *= hemi_sign
    result = degrees + minutes / 60.0 + seconds / 3600.0
    limit = 90.0 if is_latitude else 180.0
    if not math.isfinite(result) or result > limit:
        raise _fail(text, f"it is beyond {limit:g} degrees")
    return sign * result
