"""Import a roads layer (GeoJSON, GeoPackage or anything GDAL reads) through pyogrio.

Lines and multi-lines are stored as WGS84 multi-lines with their name and
highway class.  The import is atomic: a feature that is not a line, is empty
or cannot be placed on the globe stops it and nothing is written.  Importing
the same source again replaces its roads, so a re-run changes nothing.  A line
of more than ``CAMREG_MAX_GEOMETRY_VERTICES`` vertices is refused like any bad
feature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from camera_registry.coverage import queries
from camera_registry.coverage.models import Road
from camera_registry.errors import InvalidInput
from camera_registry.geoconv import to_db
from geo.crs import crs_from_user, to_wgs84
from geo.errors import GeometryInputError
from geo.vertices import DEFAULT_MAX_VERTICES, check_vertex_count, vertex_count

#: Attribute names tried, in order, for a road's name and its class.
NAME_FIELDS = ("name", "ten", "tên", "ten_duong", "tên đường", "name:vi")
KIND_FIELDS = ("highway", "kind", "class", "fclass", "loai", "loại", "cap_duong")


@dataclass(frozen=True)
class RowError:
    """One feature that could not be imported, and why."""

    row: int
    reason: str


@dataclass
class RoadImport:
    """What an import did (or, with errors, would have refused to do)."""

    source: str
    read: int = 0
    written: int = 0
    replaced: int = 0
    errors: list[RowError] = field(default_factory=list)


def _field(
    names: Sequence[str], wanted: str | None, candidates: Sequence[str], option: str
) -> int | None:
    lowered = [n.lower() for n in names]
    if wanted is not None:
        if wanted.lower() not in lowered:
            raise InvalidInput(option, f"the file has no attribute {wanted!r}; it has {names}")
        return lowered.index(wanted.lower())
    return next((lowered.index(c) for c in candidates if c in lowered), None)


def _source_crs(given: str | None, found: str | None) -> CRS | None:
    """The CRS to convert from, or None when the file is already WGS84 lon/lat."""
    try:
        crs = crs_from_user(given) if given else CRS.from_user_input(found) if found else None
    except (GeometryInputError, CRSError) as exc:
        raise InvalidInput("crs", f"unknown coordinate system: {exc}") from None
    if crs is None or crs.to_epsg() == 4326 or crs.equals("OGC:CRS84"):
        return None
    return crs


def _to_wgs84(geometry: BaseGeometry, crs: CRS | None) -> BaseGeometry:
    if crs is None:
        return geometry

    def apply(xy: Any) -> Any:
        lon, lat = to_wgs84(xy[:, 0], xy[:, 1], crs)
        return np.column_stack([lon, lat])

    result: BaseGeometry = shapely.transform(geometry, apply)
    return result


def _check(
    geometry: BaseGeometry | None, crs: CRS | None, max_vertices: int
) -> MultiLineString | str:
    if geometry is None or geometry.is_empty:
        return "the feature has no geometry"
    if geometry.geom_type not in ("LineString", "MultiLineString"):
        return f"a road must be a LineString or MultiLineString, not a {geometry.geom_type}"
    try:
        check_vertex_count(vertex_count(geometry), max_vertices)
    except GeometryInputError as exc:
        return f"the geometry {exc.reason}"
    try:
        lines = _to_wgs84(shapely.force_2d(geometry), crs)
    except GeometryInputError as exc:
        return f"coordinates cannot be converted to WGS84: {exc.reason}"
    minx, miny, maxx, maxy = lines.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return "coordinates are outside WGS84 longitude/latitude (give --crs?)"
    parts = list(shapely.get_parts(lines))
    return MultiLineString([p for p in parts if p.length > 0]) if parts else "empty line"


def read_roads(
    path: Path,
    *,
    layer: str | None,
    name_field: str | None,
    kind_field: str | None,
    crs: str | None,
    max_vertices: int = DEFAULT_MAX_VERTICES,
) -> tuple[list[tuple[str | None, str | None, MultiLineString]], list[RowError]]:
    """Read and check every feature of a roads file (nothing is written).

    A line of more than ``max_vertices`` vertices is a row error.
    """
    try:
        meta, _, wkb, values = pyogrio.raw.read(path, layer=layer)
    except Exception as exc:  # pyogrio raises several DataSource/DataLayer errors
        raise InvalidInput("file", f"cannot read {path.name}: {exc}") from None
    names = [str(n) for n in meta["fields"]]
    name_at = _field(names, name_field, NAME_FIELDS, "name_field")
    kind_at = _field(names, kind_field, KIND_FIELDS, "kind_field")
    source_crs = _source_crs(crs, meta.get("crs"))
    rows: list[tuple[str | None, str | None, MultiLineString]] = []
    errors: list[RowError] = []
    for i, blob in enumerate(wkb):
        geometry = shapely.from_wkb(blob) if blob is not None else None
        checked = _check(geometry, source_crs, max_vertices)
        if isinstance(checked, str):
            errors.append(RowError(i + 1, checked))
            continue
        name = values[name_at][i] if name_at is not None else None
        kind = values[kind_at][i] if kind_at is not None else None
        rows.append((_text(name), _text(kind), checked))
    return rows, errors


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text[:300] or None


def import_roads(
    session: Session,
    path: Path,
    *,
    source: str | None = None,
    layer: str | None = None,
    name_field: str | None = None,
    kind_field: str | None = None,
    crs: str | None = None,
    dry_run: bool = False,
    max_vertices: int = DEFAULT_MAX_VERTICES,
) -> RoadImport:
    """Import a roads file in one transaction, replacing earlier roads of the same source."""
    result = RoadImport(source=source or path.name)
    rows, result.errors = read_roads(
        path,
        layer=layer,
        name_field=name_field,
        kind_field=kind_field,
        crs=crs,
        max_vertices=max_vertices,
    )
    result.read = len(rows) + len(result.errors)
    if result.errors or dry_run:
        return result
    result.replaced = queries.delete_roads(session, source=result.source)
    session.add_all(
        Road(name=name, kind=kind, geom=to_db(lines), source=result.source)
        for name, kind, lines in rows
    )
    session.commit()
    result.written = len(rows)
    return result
