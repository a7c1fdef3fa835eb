"""Address resolution: a chain that says which step answered and how precisely.

1. coordinates typed directly (decimal, DMS, VN-2000 with a zone: ``coords.py``);
2. the local gazetteer, inside the commune the rest of the address names
   (``gazetteer.py``, tail read by ``admin.py``);
3. the optional external geocoder, when configured (``geocoder.py``), accepted
   only inside the named commune;
4. the commune polygon itself (commune precision, clearly imprecise).

A named commune whose boundary is not loaded yet has no polygon to search in
or to answer with: only places recorded in it count, and otherwise the answer
is a 422 saying the boundary is missing.

Anything unresolvable raises ``UnresolvedAddress`` (a 422) naming the part that
failed, with suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from sqlalchemy.orm import Session

from camera_registry.addresses import gazetteer, queries
from camera_registry.addresses.admin import AdminReading, read_admin
from camera_registry.addresses.coordinates import parse_coordinates
from camera_registry.addresses.errors import UnresolvedAddress
from camera_registry.addresses.gazetteer import GazetteerAnswer, PlaceMatch
from camera_registry.addresses.resolution import (
    Candidate,
    Resolution,
    Step,
    commune_ref,
)
from camera_registry.addresses.text import TypedName, split_parts, typed_name
from camera_registry.addresses.units import UnitIndex, unit_index
from camera_registry.admin_units.queries import commune_containing
from camera_registry.errors import InvalidInput
from camera_registry.places.vocab import Precision, precision_of
from camera_registry.timeutil import today_local
from geo.measure import buffer_m

MAX_LENGTH = 500
#: Lowest similarity for a commune to be suggested for an unplaceable part.
SUGGEST_SCORE = 60.0
#: Half-width of the corridor along a street matched at street precision.
STREET_CORRIDOR_M = 25.0

#: An external geocoder: text → (lon, lat, label), or None.
Geocoder = Callable[[str], tuple[float, float, str] | None]


def _xy(point: Point) -> tuple[float, float]:
    return (round(point.x, 7), round(point.y, 7))


def _candidate(match: PlaceMatch) -> Candidate:
    place = match.place
    point = place.geometry.representative_point()
    return Candidate(
        label=place.address or place.name,
        kind=place.kind,
        score=round(match.score, 1),
        lon=round(point.x, 7),
        lat=round(point.y, 7),
        commune_code=place.commune_code,
        inside_commune=match.inside,
    )


def _from_coordinates(session: Session, text: str, index: UnitIndex) -> Resolution | None:
    reading = parse_coordinates(text)
    if reading is None:
        return None
    unit = commune_containing(session, lon=reading.lon, lat=reading.lat, on=today_local())
    notes = () if unit else ("Ngoài mọi xã trong sổ / outside every commune of the registry",)
    commune = commune_ref(index, index.units[unit.id]) if unit and unit.id in index.units else None
    return Resolution(
        text=text,
        step=Step.COORDINATES,
        precision=Precision.EXACT_POINT,
        label=reading.label,
        point=(reading.lon, reading.lat),
        area=None,
        commune=commune,
        notes=notes,
    )


def _from_place(
    text: str, index: UnitIndex, reading: AdminReading, answer: GazetteerAnswer
) -> Resolution:
    chosen = answer.chosen
    assert chosen is not None
    place = chosen.place
    precision = precision_of(place.kind)
    area: BaseGeometry | None = None
    if precision is Precision.STREET or place.geometry.geom_type != "Point":
        precision = Precision.STREET
        area = buffer_m(place.geometry, STREET_CORRIDOR_M)
    unit = reading.commune or (
        index.units.get(place.commune_id) if place.commune_id is not None else None
    )
    return Resolution(
        text=text,
        step=Step.GAZETTEER,
        precision=precision,
        label=place.address or place.name,
        point=_xy(place.geometry.representative_point()) if area is None else None,
        area=area,
        commune=commune_ref(index, unit) if unit else None,
        candidates=tuple(_candidate(m) for m in answer.candidates),
        notes=tuple(reading.notes),
    )


def _in_named(reading: AdminReading, scope: BaseGeometry | None, chosen: PlaceMatch) -> bool:
    """Whether a place found lies in the commune the address names.

    With a boundary the gazetteer searched inside it; a named commune without
    one (not loaded yet) only takes places recorded in it.
    """
    if scope is not None or reading.commune is None:
        return True
    return chosen.place.commune_id == reading.commune.row.id


def _gazetteer(
    session: Session, text: str, index: UnitIndex, reading: AdminReading, scope: BaseGeometry | None
) -> tuple[Resolution | None, list[Candidate], str | None]:
    """The first head part (most specific first) the gazetteer places clearly."""
    candidates: list[Candidate] = []
    for part in reading.head:
        answer = gazetteer.find_place(session, part=part, scope=scope)
        if answer.chosen is not None and _in_named(reading, scope, answer.chosen):
            return _from_place(text, index, reading, answer), candidates, None
        candidates += [_candidate(m) for m in answer.candidates]
        if answer.ambiguous:
            if scope is None and reading.commune is None:
                raise UnresolvedAddress(
                    part,
                    f"{part!r} matches several places: add the commune (xã/phường)",
                    [c.label for c in candidates],
                )
            return None, candidates, part
    return None, candidates, None


def _from_commune(
    text: str,
    index: UnitIndex,
    reading: AdminReading,
    scope: BaseGeometry,
    candidates: list[Candidate],
    ambiguous_part: str | None,
) -> Resolution:
    assert reading.commune is not None
    notes = list(reading.notes)
    if ambiguous_part:
        notes.append(f"{ambiguous_part!r}: nhiều địa điểm trùng tên / several places match")
    elif reading.head:
        notes.append(f"Không tìm thấy / not in the gazetteer: {', '.join(reading.head)}")
    return Resolution(
        text=text,
        step=Step.ADMIN_UNITS,
        precision=Precision.COMMUNE,
        label=index.label(reading.commune),
        point=None,
        area=scope,
        commune=commune_ref(index, reading.commune),
        candidates=tuple(candidates[:8]),
        ambiguous=ambiguous_part is not None,
        notes=tuple(notes),
    )


def _from_geocoder(
    text: str,
    geocoder: Geocoder,
    scope: BaseGeometry | None,
    reading: AdminReading,
    index: UnitIndex,
) -> Resolution | None:
    found = geocoder(text)
    if found is None:
        return None
    lon, lat, label = found
    if scope is not None and not scope.buffer(gazetteer.SCOPE_MARGIN_DEG).contains(Point(lon, lat)):
        return None
    return Resolution(
        text=text,
        step=Step.GEOCODER,
        precision=Precision.PLACE,
        label=label,
        point=(lon, lat),
        area=None,
        commune=commune_ref(index, reading.commune) if reading.commune else None,
        notes=(*reading.notes, "Theo dịch vụ ngoài / from the external geocoder"),
    )


def _unresolved(
    index: UnitIndex, reading: AdminReading, text: str, candidates: list[Candidate]
) -> UnresolvedAddress:
    if reading.district or reading.province:
        parent = (reading.district or reading.province)[0]
        communes = [
            u
            for u in index.units.values()
            if u.row.level == "commune" and parent.row.id in {a.row.id for a in index.ancestors(u)}
        ]
        return UnresolvedAddress(
            text,
            f"the address names no commune (xã/phường/thị trấn) in {parent.row.name}: add it",
            [c.label for c in candidates] + [index.label(u) for u in communes],
        )
    part = reading.head[0] if reading.head else text
    return UnresolvedAddress(
        part,
        "matches no place, commune or coordinates known to the registry",
        [c.label for c in candidates] + suggestions(index, part),
    )


def suggestions(index: UnitIndex, part: str) -> list[str]:
    """Communes whose names come closest to an unplaceable part (typo help)."""
    name = typed_name(part)
    hits = index.match(TypedName(None, name.name), "commune", within=None)
    return [index.label(h.unit) for h in hits[:5] if h.score >= SUGGEST_SCORE]


def _retries(
    session: Session, text: str, index: UnitIndex, reading: AdminReading
) -> Resolution | None:
    """Other readings of the same words, tried when the first finds no single place.

    A same-name legacy commune ("xã Cẩm Tú" before its 2025 merger), then an
    untyped "Cẩm Thủy" read as the former district instead of today's commune.
    """
    for unit in reading.alternatives:
        scope = queries.unit_geometry(session, unit_id=unit.row.id)
        note = f"Đọc / read {index.label(unit)} (đến/until 30/06/2025)"
        retry = replace(reading, commune=unit, alternatives=[], notes=[*reading.notes, note])
        found, _, _ = _gazetteer(session, text, index, retry, scope)
        if found is not None:
            return found
    if not reading.district_alternative:
        return None
    geoms = [queries.unit_geometry(session, unit_id=u.row.id) for u in reading.district_alternative]
    scope = unary_union([g for g in geoms if g is not None])
    note = f"Đọc / read {reading.district_alternative[0].row.name} (huyện cũ / former district)"
    retry = replace(reading, commune=None, district=reading.district_alternative, notes=[note])
    found, _, _ = _gazetteer(session, text, index, retry, scope)
    return found


def resolve_address(session: Session, text: str, *, geocoder: Geocoder | None = None) -> Resolution:
    """Resolve a typed address (or coordinates) to a point or an area; 422 if impossible."""
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput("address", "is empty")
    if len(text) > MAX_LENGTH:
        raise InvalidInput("address", f"is longer than {MAX_LENGTH} characters")
    index = unit_index(session)
    by_coordinates = _from_coordinates(session, text, index)
    if by_coordinates is not None:
        return by_coordinates
    reading = read_admin(index, text, split_parts(text))
    scope = (
        queries.unit_geometry(session, unit_id=reading.commune.row.id) if reading.commune else None
    )
    found, candidates, ambiguous = _gazetteer(session, text, index, reading, scope)
    if found is None and reading.head:
        found = _retries(session, text, index, reading)
    if found is None and geocoder is not None and reading.head and ambiguous is None:
        found = _from_geocoder(text, geocoder, scope, reading, index)
    if found is not None:
        return found
    if reading.commune is not None and scope is not None:
        return _from_commune(text, index, reading, scope, candidates, ambiguous)
    if reading.commune is not None:
        raise UnresolvedAddress(
            text,
            f"{index.label(reading.commune)} chưa có ranh giới / has no boundary loaded yet, "
            "so the address cannot be placed by its commune: give coordinates or a place "
            "the gazetteer knows in it",
            [c.label for c in candidates],
        )
    raise _unresolved(index, reading, text, candidates)
