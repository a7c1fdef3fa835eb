"""Readers of boundary files: one polygon feature (or WKT row) per unit.

GeoJSON is read with the standard library (a legacy ``crs`` member is
honoured) and each geometry's vertices are counted before shapely builds it.
GeoPackage, zipped Shapefile and KML go through pyogrio: one layer is read —
the one ``--layer`` names, or the only one; several layers and no ``--layer``
is a 422 listing them.  CSV and XLSX go through the camera import's tabular
readers and carry the geometry as WKT in a column (``wkt``, ``geometry`` …).
A geometry refused while reading (over the vertex cap, unreadable) is kept as
the reason, and becomes that row's error.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from camera_registry.admin_units.importing.mapping import header_test
from camera_registry.errors import InvalidInput
from camera_registry.imports import gis, tabular
from camera_registry.imports.mapping import UserMapping
from camera_registry.imports.table import ImportSource
from geo.vertices import geojson_vertex_count

#: Fields GDAL's LIBKML driver makes of every placemark's own elements.
_KML_MEMBERS = frozenset(("id", "Name", "description", "timestamp", "begin", "end",
    "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon"))  # fmt: skip
#: A geometry as read: built, refused (the reason), or absent (None).
Shape: TypeAlias = BaseGeometry | str | None


@dataclass
class UnitTable:
    """Rows of a boundary file before any interpretation.

    ``rows`` pairs each row's number as the user sees it (the feature's position,
    or the spreadsheet line) with its cells; ``shapes`` holds each row's geometry
    in ``crs`` (None when the format carries geometry in a WKT column instead).
    """

    format: str
    headers: list[str]
    rows: list[tuple[int, list[object]]]
    shapes: list[Shape] | None = None
    crs: str | None = None
    notes: list[str] = field(default_factory=list)
    #: The format's own members (KML's ``Name``, ``description`` …): real columns win.
    weak: frozenset[str] = frozenset()


def _refused(size: int, cap: int) -> str | None:
    if size <= cap:
        return None
    return f"quá nhiều đỉnh / the geometry has {size} vertices; at most {cap} are accepted"


def read_geojson(source: ImportSource, max_vertices: int) -> UnitTable:
    """Read a GeoJSON FeatureCollection of polygon features."""
    document = gis.load_geojson(source)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInput("file", "a boundary file in GeoJSON must be a FeatureCollection")
    members = document.get("features")
    features = [f for f in members if isinstance(f, dict)] if isinstance(members, list) else []
    names = list(dict.fromkeys(k for f in features for k in gis.properties(f)))
    table = UnitTable("geojson", names, [], [], gis.legacy_crs(document))
    assert table.shapes is not None
    for index, feature in enumerate(features, start=1):
        props = gis.properties(feature)
        table.rows.append((index, [props.get(name) for name in names]))
        raw = feature.get("geometry")
        refused = _refused(geojson_vertex_count(raw), max_vertices)
        table.shapes.append(refused or _build(raw))
    return table


def _build(raw: object) -> Shape:
    if not raw:
        return None
    try:
        built: BaseGeometry = shape(raw)
        return built
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError,
            ShapelyError):  # fmt: skip
        return "hình học sai cấu trúc / the geometry is malformed"


def read_ogr(source: ImportSource, fmt: str, layer: str | None, max_vertices: int) -> UnitTable:
    """Read one layer of a GeoPackage, Shapefile (``.shp`` or ``.zip``) or KML file."""
    if source.path is not None:
        return _read_path(str(source.path), fmt, layer, max_vertices)
    suffix = Path(source.name).suffix.lower() or {"shp": ".zip"}.get(fmt, f".{fmt}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(source.data)
        return _read_path(str(path), fmt, layer, max_vertices)


def _pick_layer(path: str, fmt: str, layer: str | None) -> str:
    from pyogrio import list_layers  # noqa: PLC0415 — GDAL loads slowly
    from pyogrio.errors import DataSourceError  # noqa: PLC0415

    gis.check_unzipped_size(path)
    try:
        layers = [str(row[0]) for row in list_layers(path)]
    except (DataSourceError, OSError, ValueError) as error:
        raise InvalidInput("file", f"GDAL cannot open it as {fmt}: {error}") from None
    if layer is not None:
        if layer not in layers:
            raise InvalidInput("layer", f"no layer {layer!r}; the file has: {', '.join(layers)}")
        return layer
    if len(layers) != 1:
        listed = ", ".join(layers) or "none"
        raise InvalidInput(
            "layer", f"the file has {len(layers)} layers ({listed}): choose one with --layer"
        )
    return layers[0]


def _read_path(path: str, fmt: str, layer: str | None, max_vertices: int) -> UnitTable:
    from pyogrio.raw import read  # noqa: PLC0415

    chosen = _pick_layer(path, fmt, layer)
    meta, _, wkb, values = read(path, layer=chosen)
    names = [str(n) for n in meta["fields"]]
    crs = meta.get("crs") or ("EPSG:4326" if fmt == "kml" else None)
    weak = frozenset(n for n in names if n in _KML_MEMBERS) if fmt == "kml" else frozenset()
    table = UnitTable(fmt, names, [], [], crs, [f"layer {chosen!r}"], weak)
    assert table.shapes is not None
    count = len(wkb) if wkb is not None else (len(values[0]) if values else 0)
    geometries = shapely.from_wkb(wkb) if wkb is not None else [None] * count
    sizes = shapely.get_num_coordinates(geometries) if wkb is not None else [0] * count
    for i, (geometry, size) in enumerate(zip(geometries, sizes, strict=True)):
        table.rows.append((i + 1, [gis.plain(array[i]) for array in values]))
        table.shapes.append(_refused(int(size), max_vertices) or geometry)
    return table


def read_wkt_column(table: UnitTable, index: int | None, max_vertices: int) -> None:
    """Build each spreadsheet row's geometry from its WKT cell (``index``: the column)."""
    if index is None:
        raise InvalidInput("file", "no geometry column: head one 'wkt' or 'geometry' (or --map)")
    table.shapes = []
    for _, cells in table.rows:
        text = cells[index] if index < len(cells) else None
        table.shapes.append(_from_wkt(text, max_vertices))


def _from_wkt(text: object, max_vertices: int) -> Shape:
    if text is None or not str(text).strip():
        return None
    raw = str(text)
    at_least = raw.count(",") + 1  # each ring has one vertex more than commas: refuse unbuilt
    if at_least > max_vertices:
        return (
            f"quá nhiều đỉnh / the geometry has at least {at_least} vertices; "
            f"at most {max_vertices} are accepted"
        )
    try:
        geometry = shapely.from_wkt(raw)
    except (ShapelyError, ValueError):
        return "không đọc được WKT / the WKT cannot be read"
    return _refused(int(shapely.get_num_coordinates(geometry)), max_vertices) or geometry


def read_units(
    source: ImportSource, fmt: str, user: UserMapping, *, layer: str | None, max_vertices: int
) -> UnitTable:
    """Read a boundary file of any supported format (WKT cells are built later)."""
    if fmt in ("csv", "xlsx"):
        reader = tabular.read_csv if fmt == "csv" else tabular.read_xlsx
        plain = reader(source, header_test(user))
        return UnitTable(fmt, plain.headers, plain.rows, None, None, plain.notes)
    if fmt == "geojson":
        return read_geojson(source, max_vertices)
    return read_ogr(source, fmt, layer, max_vertices)


def cell(cells: list[object], index: int | None) -> Any:
    """A row's cell, or None when the column is absent or the row is short."""
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
