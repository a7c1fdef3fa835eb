"""Importing a gazetteer file: every row checked first, then all written or nothing.

A row's commune comes from its position (point-in-polygon, units in force
today); a row outside every commune of the registry is an error, as is a
``commune_code`` that disagrees with the position (legacy or current code).
Rows with an ``id`` update the place an earlier import of the same source
stored under that id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.admin_units.queries import commune_containing
from camera_registry.cameras.nearest import NearestFinder, named_without_boundary, outside_reason
from camera_registry.db import restart_as_writer
from camera_registry.geoconv import to_db
from camera_registry.places import queries
from camera_registry.places.models import Place
from camera_registry.places.reader import RawRow, read_rows
from camera_registry.places.vocab import PlaceKind, kind_from_text
from camera_registry.textnorm import fold
from camera_registry.timeutil import today_local
from geo import GeometryInputError
from geo.crs import crs_from_user, to_wgs84
from geo.vertices import DEFAULT_MAX_VERTICES

LEGACY_LAST_DAY = date(2025, 6, 30)
_GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString")


@dataclass(frozen=True)
class RowError:
    """Why one row of the file was refused."""

    row: int
    field: str
    reason: str


@dataclass(frozen=True)
class PlaceRecord:
    """A checked row, ready to store."""

    row: int
    name: str
    kind: PlaceKind
    geometry: BaseGeometry
    commune_id: int
    address: str | None
    alt_names: str | None
    external_id: str | None


@dataclass
class ImportReport:
    """What an import did (or would do, for a dry run)."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


class RowProblem(ValueError):
    """A cell that cannot be used; carries the field name."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def _text(values: dict[str, Any], key: str, limit: int, *, required: bool = False) -> str | None:
    value = values.get(key)
    text = " ".join(str(value).split()) if value is not None else ""
    if required and not text:
        raise RowProblem(key, "is required")
    if len(text) > limit:
        raise RowProblem(key, f"is longer than {limit} characters")
    return text or None


def _number(values: dict[str, Any], key: str) -> float:
    raw = values.get(key)
    try:
        number = float(str(raw).strip().replace(",", ".")) if raw is not None else math.nan
    except ValueError:
        raise RowProblem(key, f"{raw!r} is not a number") from None
    if not math.isfinite(number):
        raise RowProblem(key, "is required (a finite number)")
    return number


def _geometry(row: RawRow, crs: str | None) -> BaseGeometry:
    if "_geometry_error" in row.values:
        raise RowProblem("geometry", str(row.values["_geometry_error"]))
    geom = row.geometry
    if geom is None and ("x" in row.values or "y" in row.values):
        if not crs:
            raise RowProblem("crs", "X/Y columns need --crs (e.g. VN2000:105.5)")
        try:
            lon, lat = to_wgs84(_number(row.values, "y"), _number(row.values, "x"), crs)
        except GeometryInputError as exc:
            raise RowProblem(exc.field, exc.reason) from None
        geom = Point(lon, lat)
    elif geom is None:
        geom = Point(_number(row.values, "lon"), _number(row.values, "lat"))
    elif crs:
        geom = shapely.transform(geom, lambda xy: _to_wgs84_array(xy, crs))
    if geom.geom_type not in _GEOMETRY_TYPES or geom.is_empty or not geom.is_valid:
        raise RowProblem("geometry", "must be a valid Point or LineString")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -85 <= miny <= maxy <= 85):
        raise RowProblem("lon", "coordinates out of range (are lon and lat swapped?)")
    return geom


def _to_wgs84_array(xy: Any, crs: str) -> Any:
    import numpy as np  # noqa: PLC0415

    lon, lat = to_wgs84(xy[:, 0], xy[:, 1], crs)
    return np.column_stack([lon, lat])


def _given_commune(session: Session, lon: float, lat: float, code: str | None) -> int:
    """A position in no loaded boundary takes the commune its row names, when that commune
    has no boundary yet; otherwise the row fails naming the nearest communes."""
    on = today_local()
    named, why_not = named_without_boundary(session, code, on)
    if named is not None:
        return named.id
    hint = why_not + NearestFinder(session).hint(lon, lat, on)
    raise RowProblem("lon", outside_reason(lon, lat, on, hint))


def _commune_id(session: Session, geom: BaseGeometry, code: str | None) -> int:
    where = geom.representative_point() if geom.geom_type != "Point" else geom
    today = commune_containing(session, lon=where.x, lat=where.y, on=today_local())
    if today is None:
        return _given_commune(session, where.x, where.y, code)
    if code is not None and code != today.code:
        legacy = commune_containing(session, lon=where.x, lat=where.y, on=LEGACY_LAST_DAY)
        if legacy is None or legacy.code != code:
            raise RowProblem("commune_code", f"the position lies in {today.code} ({today.name})")
    return today.id


def check_row(session: Session, row: RawRow, crs: str | None) -> PlaceRecord:
    """A row as a record to store, or ``RowProblem``."""
    name = _text(row.values, "name", 300, required=True)
    kind_text = _text(row.values, "kind", 60, required=True)
    kind = kind_from_text(kind_text or "")
    if kind is None:
        raise RowProblem("kind", f"unknown kind {kind_text!r}: use thôn, chợ, trường, số nhà …")
    geom = _geometry(row, crs)
    commune_id = _commune_id(session, geom, _text(row.values, "commune_code", 16))
    assert name is not None
    return PlaceRecord(
        row=row.number,
        name=name,
        kind=kind,
        geometry=geom,
        commune_id=commune_id,
        address=_text(row.values, "address", 1000),
        alt_names=_text(row.values, "alt_names", 1000),
        external_id=_text(row.values, "external_id", 100),
    )


def _store(session: Session, record: PlaceRecord, source: str) -> bool:
    """Insert or update one place; True when it was new."""
    place = None
    if record.external_id:
        place = queries.place_by_external_id(session, source=source, external_id=record.external_id)
    is_new = place is None
    place = place or Place(source=source, external_id=record.external_id)
    place.name, place.name_folded, place.kind = record.name, fold(record.name), record.kind.value
    place.address, place.alt_names = record.address, record.alt_names
    place.commune_id, place.geom = record.commune_id, to_db(record.geometry)
    session.add(place)
    return is_new


def check_file(
    session: Session, path: Path, *, crs: str | None, max_vertices: int = DEFAULT_MAX_VERTICES
) -> tuple[list[PlaceRecord], list[RowError]]:
    """Read and check every row (nothing is written)."""
    if crs:
        try:
            crs_from_user(crs)
        except GeometryInputError as exc:
            return [], [RowError(0, "crs", exc.reason)]
    records, errors, seen = [], [], set()
    for row in read_rows(path, max_vertices=max_vertices):
        try:
            record = check_row(session, row, crs)
        except RowProblem as exc:
            errors.append(RowError(row.number, exc.field, exc.reason))
            continue
        if record.external_id in seen:
            errors.append(RowError(row.number, "external_id", "appears twice in the file"))
        seen.add(record.external_id or f"row-{row.number}")
        records.append(record)
    return records, errors


def import_places(
    session: Session,
    *,
    path: Path,
    source: str,
    crs: str | None = None,
    dry_run: bool = False,
    max_vertices: int = DEFAULT_MAX_VERTICES,
) -> ImportReport:
    """Check a file and, if every row is good and it is not a dry run, store it all.

    A line of more than ``max_vertices`` vertices is a row error (field ``geometry``).
    """
    records, errors = check_file(session, path, crs=crs, max_vertices=max_vertices)
    report = ImportReport(rows=len(records) + len({e.row for e in errors}), errors=errors)
    if errors or dry_run:
        return report
    restart_as_writer(session)  # others may have committed while the file was checked
    for record in records:
        if _store(session, record, source):
            report.inserted += 1
        else:
            report.updated += 1
    report.written = True
    return report
