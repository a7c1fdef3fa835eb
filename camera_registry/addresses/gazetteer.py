"""Finding a part of an address ("Thôn 3", "Chợ Cẩm Liên", "12 Lê Lợi") in the gazetteer.

Names are compared in canonical folded form with rapidfuzz (typos tolerated,
numbers and school levels strict).  When the rest of the address names a
commune, places inside it (with a small margin for approximate boundaries) rank
first and are the only ones chosen; places elsewhere are reported as
alternatives.  A house number with no house entry falls back to the street.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.addresses.text import canonical, similarity
from camera_registry.places import queries as places
from camera_registry.places.queries import PlaceRow
from camera_registry.places.vocab import PlaceKind
from camera_registry.textnorm import fold
from geo.measure import distances_and_bearings

#: Lowest similarity (0-100) for a place to count as a match.
THRESHOLD = 85.0
#: Matches within this many points of the best one compete with it.
TIE = 3.0
#: Competing matches further apart than this make the answer ambiguous.
SPREAD_M = 150.0
#: Margin around the commune polygon, in degrees (~50 m): boundaries are approximate.
SCOPE_MARGIN_DEG = 0.0005
#: Most places read for a search without a commune.
UNSCOPED_LIMIT = 5000

_STREET_WORDS = re.compile(r"^(?:duong|pho|ngo|hem|kiet|ngach)\s+")
_HOUSE_NUMBER = re.compile(r"^\d+[a-z]?(?:/\d+[a-z]?)*\s+")


@dataclass(frozen=True)
class PlaceMatch:
    """A gazetteer place matching a part of an address."""

    place: PlaceRow
    score: float
    inside: bool  # inside the commune the address names (True when none is named)


@dataclass(frozen=True)
class GazetteerAnswer:
    """The chosen place (if the match is clear) and the ranked candidates."""

    chosen: PlaceMatch | None
    candidates: list[PlaceMatch]
    ambiguous: bool


def _variants(text: str) -> set[str]:
    name = canonical(text)
    return {name, _STREET_WORDS.sub("", name)}


def _score(query: set[str], row: PlaceRow) -> float:
    names = [row.name, *(a for a in (row.alt_names or "").split(";") if a.strip())]
    return max(similarity(q, v) for n in names for v in _variants(n) for q in query)


def _rows(session: Session, part: str, scope: BaseGeometry | None) -> list[PlaceRow]:
    if scope is not None:
        minx, miny, maxx, maxy = scope.bounds
        m = SCOPE_MARGIN_DEG
        return places.places_in_bbox(session, bbox=(minx - m, miny - m, maxx + m, maxy + m))
    words = [w for w in fold(part).split() if not w.isdigit()]
    word = max(words, key=len) if words else None
    return places.places_named_like(session, word=word, limit=UNSCOPED_LIMIT)


def _matches(
    rows: list[PlaceRow], query: set[str], scope: BaseGeometry | None, kinds: set[str] | None
) -> list[PlaceMatch]:
    grown = scope.buffer(SCOPE_MARGIN_DEG) if scope is not None else None
    if grown is not None:
        shapely.prepare(grown)
    out = []
    for row in rows:
        if kinds is not None and row.kind not in kinds:
            continue
        score = _score(query, row)
        if score >= THRESHOLD:
            inside = grown is None or grown.intersects(row.geometry)
            out.append(PlaceMatch(row, score, inside))
    out.sort(key=lambda m: (not m.inside, -m.score, m.place.id))
    return out


def _spread(matches: list[PlaceMatch]) -> float:
    points = [m.place.geometry.representative_point() for m in matches]
    distances, _ = distances_and_bearings(
        [p.x for p in points[1:]], [p.y for p in points[1:]], points[0].x, points[0].y
    )
    return float(distances.max()) if distances.size else 0.0


def find_place(session: Session, *, part: str, scope: BaseGeometry | None) -> GazetteerAnswer:
    """Look a part of an address up, inside ``scope`` (a commune polygon) when given."""
    rows = _rows(session, part, scope)
    query = _variants(part)
    matches = _matches(rows, query, scope, None)
    stripped = {_HOUSE_NUMBER.sub("", q) for q in query} - query
    if not matches and stripped:
        matches = _matches(rows, stripped, scope, {PlaceKind.STREET.value})
    if not matches or not matches[0].inside:
        return GazetteerAnswer(None, matches[:8], False)
    best = matches[0]
    rivals = [m for m in matches if m.inside and m.score >= best.score - TIE]
    if len(rivals) > 1 and _spread(rivals) > SPREAD_M:
        return GazetteerAnswer(None, matches[:8], True)
    return GazetteerAnswer(best, matches[:8], False)
