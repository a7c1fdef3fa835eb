"""One spreadsheet cell holding both coordinates, as provincial camera lists write it.

Stations keep a camera's position in a single "Toạ độ" column copied from a
phone's map app, a GPS handset or a colleague's file, so the same point arrives
as ``20.204512, 105.471230``, ``(20.20, 105.47)``, ``20°12'16.2"N 105°28'16.4"E``,
``20.20451°N,105.47123°E``, ``VĐ: 20.2045, KĐ: 105.4712`` or ``20,2045; 105,4712``.
:func:`read_position` turns every such cell into longitude and latitude and
refuses what it would have to guess.

Accepted
--------
* Two coordinates, each either decimal degrees or degrees-minutes-seconds as
  :func:`geo.dms.parse_dms` reads them (``° ' "``, ``° ′ ″``, spaces between the
  parts, a sign or a hemisphere letter N/S/E/W or B/Đ/D/T before or after).
* Separated by ``,``, ``;``, spaces, or nothing after a latitude letter
  (``20.2N105.4E``); optionally inside ``( )``, ``[ ]`` or ``{ }``; optionally
  after ``Toạ độ:``, ``Vị trí:``, ``GPS:``, ``geo:`` or ``Coordinates:``.
* Labels: each number after its own label (``VĐ``/``Vĩ độ``/``lat``/``latitude``
  and ``KĐ``/``Kinh độ``/``lon``/``lng``/``long``/``longitude``), or one header
  naming the order first (``lat,lon: …``, ``(lon, lat) …``).

Order
-----
Latitude first, unless labels or hemisphere letters say otherwise.  A pair
outside :data:`VIETNAM_BOX` that lands inside it read the other way round was
written longitude first: it is swapped back, with ``swapped=True`` and a note
(also when labels named them the other way: ``lat: 105.47, lon: 20.2``).  A
valid pair outside Vietnam either way (``48.85, 2.35``) is returned as written.

Refused
-------
Fewer or more than two numbers (``20.2045``; ``20.1 105.2 30.3``), minutes or
seconds of 60 or more, decimals before the last DMS part, a cell that can be
cut two ways (``10,5,106``), words besides the labels (``20.2, 105.4 (chợ)``),
one label only, two latitude (or two longitude) letters or labels, a label
its letter contradicts, a latitude beyond 90° or a longitude beyond 180°.

Decimal commas
--------------
A comma between two digits is a decimal comma exactly when the cell can be cut
into two readable coordinates in only one way, and that way keeps the comma
inside a number: ``20,2045; 105,4712``, ``20,2045, 105,4712``,
``20,2045 105,4712`` and ``20,2045,105,4712`` are all (20.2045, 105.4712).
``20,105`` is the pair (20, 105).  A cell that can be cut two ways
(``10,5,106``: 10 and 5.106, or 10.5 and 106) is refused as ambiguous.

Examples
--------
>>> read_position("20.204512, 105.471230")
PositionReading(lon=105.47123, lat=20.204512, swapped=False, notes=())
>>> p = read_position("20°12'16.2\\"N 105°28'16.4\\"E")
>>> round(p.lat, 6), round(p.lon, 6)
(20.2045, 105.471222)
>>> read_position("105,4712; 20,2045").swapped
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, NamedTuple

from geo.dms import parse_dms
from geo.errors import GeometryInputError

FIELD = "position"

Role = Literal["lat", "lon"]


class Box(NamedTuple):
    """A longitude/latitude rectangle in WGS84 degrees."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the point lies in the box (edges included)."""
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


#: Vietnam with its sea and the Hoàng Sa and Trường Sa islands, generously.  Its
#: latitudes (6–24) and longitudes (102–118) never overlap, so a pair inside it
#: can be inside only one way round.
VIETNAM_BOX = Box(min_lon=102.0, min_lat=6.0, max_lon=118.0, max_lat=24.0)


@dataclass(frozen=True)
class PositionReading:
    """A point read from one cell, and what was assumed to read it."""

    lon: float
    lat: float
    swapped: bool
    notes: tuple[str, ...] = ()


_PREFIX = re.compile(
    r"^(?:t[oọ][aạ]\s*[dđ][oộ]|v[iị]\s*tr[ií]|coordinates?|coords?|gps|geo)\s*[:=]?\s*",
    re.IGNORECASE,
)
_LAT = r"v[iĩ]\s*[dđ][oộ]|v[dđ]|latitude|lat"
_LON = r"kinh\s*[dđ][oộ]|k[dđ]|longitude|long|lng|lon"
_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_LABEL = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:(?P<lat>{_LAT})|(?P<lon>{_LON})){_NOT_LETTER_AFTER}\s*[:=]?\s*",
    re.IGNORECASE,
)
_HEADER = re.compile(
    rf"^(?:(?P<lat>{_LAT})[\s,/;]*(?:{_LON})|(?P<lon>{_LON})[\s,/;]*(?:{_LAT}))"
    rf"{_NOT_LETTER_AFTER}\s*[:=)\]]?\s*",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[;,]\s*|\s+|(?<=[NSBnsb])(?=[\d+-])")
_NATURAL = (r"\s*;\s*", r"\s*,\s+", r"\s+", r",")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_MARKS = set("°º˚'′’‘´`\"″”“")
_LAT_LETTERS, _LON_LETTERS = set("NSBnsb"), set("EWĐDTewđdt")
_NAMES = {"lat": "latitude", "lon": "longitude"}
_COUNTS = {0: "none", 1: "one", 3: "three", 4: "four", 5: "five"}


def _fail(text: str, why: str) -> GeometryInputError:
    return GeometryInputError(
        FIELD, f"Tọa độ không đọc được / unreadable coordinates {text!r}: {why}"
    )


def _readable(half: str) -> bool:
    try:
        parse_dms(half)
    except GeometryInputError:
        return False
    return True


def _other(role: Role) -> Role:
    return "lon" if role == "lat" else "lat"


def _cut(text: str, body: str) -> tuple[str, str]:
    """The one way to cut ``body`` into two readable coordinates."""
    cuts = []
    for match in _SEPARATOR.finditer(body):
        left, right = body[: match.start()].strip(), body[match.end() :].strip()
        if left and right and _readable(left) and _readable(right):
            cuts.append((left, right))
    if len(cuts) == 1:
        return cuts[0]
    if len(cuts) > 1:
        (a, b), (c, d) = cuts[:2]
        raise _fail(
            text,
            f"it reads as {a!r} and {b!r} or as {c!r} and {d!r}: "
            "write decimal points, or put ';' between the two numbers",
        )
    raise _diagnose(text, body)


def _diagnose(text: str, body: str) -> GeometryInputError:
    """The most useful reason why no cut of ``body`` reads."""
    count = len(_NUMBER.findall(body))
    if count < 2 or (count > 2 and not _MARKS & set(body) and count not in (4, 6)):
        return _fail(text, f"expected two numbers, found {_COUNTS.get(count, str(count))}")
    for pattern in _NATURAL:
        match = re.search(pattern, body)
        if match is None:
            continue
        for half in (body[: match.start()].strip(), body[match.end() :].strip()):
            try:
                parse_dms(half)
            except GeometryInputError as error:
                return _fail(text, error.reason)
        break
    return _fail(text, "cannot tell where latitude ends and longitude begins; put ';' between")


def _labelled(text: str, body: str) -> tuple[tuple[str, str], tuple[Role | None, Role | None]]:
    """The two halves of ``body`` and the roles its labels give them (None: unsaid)."""
    header = _HEADER.match(body)
    if header:
        first: Role = "lat" if header.group("lat") else "lon"
        return _cut(text, body[header.end() :]), (first, _other(first))
    labels = list(_LABEL.finditer(body))
    if not labels:
        return _cut(text, body), (None, None)
    if len(labels) != 2 or labels[0].start() != 0:
        raise _fail(text, "label each number once, in front of it: 'VĐ: 20.2045, KĐ: 105.4712'")
    one, two = labels
    halves = body[one.end() : two.start()].strip(" ,;"), body[two.end() :].strip(" ,;")
    roles: list[Role] = ["lat" if label.group("lat") else "lon" for label in labels]
    return halves, (roles[0], roles[1])


def _letter_role(half: str) -> Role | None:
    """The role a hemisphere letter at either end of ``half`` gives it."""
    for char in (half[:1], half[-1:]):
        if char in _LAT_LETTERS:
            return "lat"
        if char in _LON_LETTERS:
            return "lon"
    return None


def _roles(text: str, halves: tuple[str, str], said: tuple[Role | None, Role | None]) -> Role:
    """The role of the first half, from labels, then letters, then latitude first."""
    firsts: list[Role | None] = []
    for half, label in zip(halves, said, strict=True):
        letter = _letter_role(half)
        if label and letter and label != letter:
            raise _fail(text, f"{half!r} is labelled {_NAMES[label]}, its letter says otherwise")
        firsts.append(label or letter)
    one, two = firsts
    if one and two and one == two:
        raise _fail(text, f"both numbers are marked as {_NAMES[one]}: mark one of each")
    if one:
        return one
    return _other(two) if two else "lat"


def _value(text: str, half: str) -> float:
    try:
        return parse_dms(half)
    except GeometryInputError as error:
        raise _fail(text, error.reason) from None


def _swap_note(first: float, second: float) -> str:
    return (
        f"Đã đổi chỗ vĩ độ và kinh độ: ({first:.7g}, {second:.7g}) chỉ nằm trong Việt Nam khi "
        f"số đầu là kinh độ / swapped latitude and longitude: ({first:.7g}, {second:.7g}) lies "
        "in Vietnam only with longitude first"
    )


def read_position(text: str) -> PositionReading:
    """Read longitude and latitude from one cell holding both, as the module describes.

    Raises
    ------
    GeometryInputError
        ``field="position"``, the reason naming what is wrong: not two numbers,
        minutes or seconds of 60 or more, an ambiguous decimal comma, labels or
        letters that contradict each other, or a latitude beyond 90° or a
        longitude beyond 180° that swapping does not bring into Vietnam.

    Examples
    --------
    >>> read_position("VĐ: 20,2045, KĐ: 105,4712")
    PositionReading(lon=105.4712, lat=20.2045, swapped=False, notes=())
    >>> read_position("20.20451")
    Traceback (most recent call last):
    ...
    geo.errors.GeometryInputError: position: Tọa độ không đọc được / unreadable coordinates '20.20451': expected two numbers, found one
    """  # noqa: E501
    if not isinstance(text, str):
        raise GeometryInputError(FIELD, f"expected text such as '20.2045, 105.4712', got {text!r}")
    body = unicodedata.normalize("NFC", text).replace("−", "-").strip()
    body = _PREFIX.sub("", body).strip(" ,;").strip("()[]{}").strip()
    if not body:
        raise _fail(text, "it is empty")
    halves, said = _labelled(text, body)
    first = _roles(text, halves, said)
    a, b = _value(text, halves[0]), _value(text, halves[1])
    lat, lon = (a, b) if first == "lat" else (b, a)
    if not VIETNAM_BOX.contains(lon, lat) and VIETNAM_BOX.contains(lat, lon):
        return PositionReading(lon=lat, lat=lon, swapped=True, notes=(_swap_note(a, b),))
    if abs(lat) > 90.0:
        raise _fail(text, f"vĩ độ {lat:g} vượt quá 90° / latitude {lat:g} is beyond 90°")
    if abs(lon) > 180.0:
        raise _fail(text, f"kinh độ {lon:g} vượt quá 180° / longitude {lon:g} is beyond 180°")
    return PositionReading(lon=lon, lat=lat, swapped=False)
