"""Coordinates typed in place of an address: decimal degrees, DMS, VN-2000 with a zone.

Accepted forms (the first step of address resolution):

* ``20.2072, 105.3482`` or ``20,2072 105,3482`` — latitude first as map apps copy
  it; longitude first is recognised when the numbers say so (a value above 90,
  or Vietnam's longitudes 102-118 given first);
* ``geo:20.2072,105.3482`` (RFC 5870);
* ``20°12'26"N 105°20'54"E``, ``B 20°12'26" Đ 105°20'54"``, ``20 12 26 105 20 54``;
* ``VN2000:105 X=2235120 Y=535400`` / ``VN-2000 TM-3 105°00' 2235120 535400`` /
  ``EPSG:9210 E=535400 N=2235120`` — any coordinate system ``geo.crs`` reads,
  then two numbers: Vietnamese documents write northing as X and easting as Y;
  unlabelled, the larger number is the northing (it always is in Vietnam).

Text that is not coordinates at all gives ``None``; text that is coordinates but
wrong (latitude 95, an unknown zone) raises ``InvalidInput`` on ``address``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from camera_registry.errors import InvalidInput
from geo import GeometryInputError
from geo.crs import crs_from_user, to_wgs84
from geo.dms import parse_dms

FIELD = "address"
_DEGREE_TEXT = re.compile(r"""^[\s\d.,;°º˚'′’‘´`"″”“+\-−NSEWBĐDTnsewbđdt]+$""")
_HEMI_LAT = set("NSBnsb")
_HEMI_ANY = set("NSEWBĐDTnsewbđdt")
_SPLIT = re.compile(r"[\s,;]+")
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_LABEL = r"(?:([XYENxyen])\s*[=:]?\s*)?"
_PROJECTED = re.compile(
    rf"^(?P<crs>.*?\D)[\s:;,]*{_LABEL}(?P<a>{_NUMBER})\s*[,;\s]\s*{_LABEL}(?P<b>{_NUMBER})\s*$"
)
_CRS_START = re.compile(r"^\s*(VN-?2000|EPSG\s*:|UTM|WGS\s*-?84\s*[/ -]?\s*UTM)", re.IGNORECASE)
#: Where projected input must land to be believed (Vietnam and its sea, generously).
VIETNAM_BOUNDS = (100.0, 5.0, 120.0, 25.0)


@dataclass(frozen=True)
class CoordinateReading:
    """A point read from typed coordinates."""

    lon: float
    lat: float
    label: str
    notation: str  # "decimal", "dms" or the coordinate system's name


def _hemisphere(token: str) -> str | None:
    ends = (token.strip()[:1], token.strip()[-1:])
    for ch in ends:
        if ch and ch in _HEMI_ANY and not ch.isdigit():
            return ch
    return None


def _pair_splits(text: str) -> list[tuple[str, str]]:
    return [
        (text[: m.start()].strip(), text[m.end() :].strip())
        for m in _SPLIT.finditer(text)
        if text[: m.start()].strip() and text[m.end() :].strip()
    ]


def _order(first: tuple[float, str], second: tuple[float, str]) -> tuple[float, float]:
    """Return (lon, lat) from two parsed values and their tokens."""
    (a, ta), (b, tb) = first, second
    ha, hb = _hemisphere(ta), _hemisphere(tb)
    if ha or hb:
        a_is_lat = (ha in _HEMI_LAT) if ha else hb not in _HEMI_LAT
        return (b, a) if a_is_lat else (a, b)
    if abs(a) > 90 >= abs(b):
        return a, b
    if 102 <= a <= 118 and 5 <= b <= 25:
        return a, b
    return b, a


def _degrees(text: str) -> CoordinateReading | None:
    body = text.strip()
    if body.lower().startswith("geo:"):
        body = body[4:].split(";")[0]
    if not _DEGREE_TEXT.match(body) or not any(c.isdigit() for c in body):
        return None
    readings = []
    for left, right in _pair_splits(body):
        try:
            readings.append(((parse_dms(left), left), (parse_dms(right), right)))
        except GeometryInputError:
            continue
    if not readings:
        raise InvalidInput(FIELD, f"{text!r} looks like coordinates but cannot be read as a pair")
    if len(readings) > 1:
        raise InvalidInput(FIELD, f"{text!r} can be split into a coordinate pair in several ways")
    (first, left), (second, right) = readings[0]
    lon, lat = _order((first, left), (second, right))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(FIELD, f"latitude {lat:g} or longitude {lon:g} is out of range")
    plain = all(re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", side) for side in (left, right))
    notation = "decimal" if plain else "dms"
    return CoordinateReading(lon, lat, f"{lat:.6f}, {lon:.6f} (WGS84)", notation)


def _easting_northing(match: re.Match[str]) -> tuple[float, float]:
    labels = [(match.group(2) or "").upper(), (match.group(4) or "").upper()]
    values = [float(match.group("a").replace(",", ".")), float(match.group("b").replace(",", "."))]
    if all(labels):
        by_label = dict(zip(labels, values, strict=True))
        northing = by_label.get("X", by_label.get("N"))
        easting = by_label.get("Y", by_label.get("E"))
        if northing is None or easting is None:
            raise InvalidInput(FIELD, "label the numbers X= and Y= (or N= and E=), one of each")
        return easting, northing
    return min(values), max(values)


def _projected(text: str) -> CoordinateReading | None:
    if not _CRS_START.match(text):
        return None
    match = _PROJECTED.match(text.strip())
    if match is None:
        raise InvalidInput(
            FIELD, "after the coordinate system give two numbers: X (north), Y (east)"
        )
    spec = match.group("crs").strip(" :;,")
    try:
        crs = crs_from_user(spec)
        easting, northing = _easting_northing(match)
        lon, lat = to_wgs84(easting, northing, crs)
    except GeometryInputError as exc:
        raise InvalidInput(FIELD, f"{spec!r}: {exc.reason}") from None
    minx, miny, maxx, maxy = VIETNAM_BOUNDS
    if not (minx <= lon <= maxx and miny <= lat <= maxy):
        raise InvalidInput(
            FIELD,
            f"X={northing:.2f}, Y={easting:.2f} in {crs.name} lands at {lat:.4f}, {lon:.4f}, "
            "outside Vietnam: check the zone and whether X and Y are swapped",
        )
    label = f"X={northing:.2f}, Y={easting:.2f} ({crs.name}) → {lat:.6f}, {lon:.6f} (WGS84)"
    return CoordinateReading(lon, lat, label, crs.name)


def parse_coordinates(text: str) -> CoordinateReading | None:
    """Read a point from typed coordinates, ``None`` if the text is not coordinates."""
    return _projected(text) or _degrees(text)
