"""Readers of GIS files: GeoJSON, GeoPackage, Shapefile and KML.

GeoJSON is read with the standard library (RFC 7946 says WGS84; a legacy
``crs`` member is honoured); an Overpass export of OpenStreetMap cameras is
recognised and handed to :mod:`camera_registry.imports.osm`.  GeoPackage,
Shapefile (a ``.shp`` with its sidecars on disk, or a ``.zip``) and KML go through
pyogrio, whose bundled GDAL reads KML's ExtendedData with the LIBKML driver.
Each feature is a row numbered by its position in the file (1 = first feature);
its point becomes the row's position.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import shapely

from camera_registry.errors import InvalidInput
from camera_registry.imports import osm
from camera_registry.imports.table import ImportSource, Table, add_geojson_point, add_point

WGS84 = "EPSG:4326"


def _legacy_crs(document: dict[str, Any]) -> str:
    member = document.get("crs")
    if isinstance(member, dict):
        name = (member.get("properties") or {}).get("name")
        if isinstance(name, str) and "CRS84" not in name.upper():
            return name
    return WGS84


def read_geojson(source: ImportSource, max_vertices: int) -> Table:
    """Read a GeoJSON FeatureCollection (or an Overpass export of OSM cameras).

    A feature whose geometry has more than ``max_vertices`` vertices is a row error.
    """
    try:
        document = json.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput("file", f"not valid GeoJSON: {error}") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInput("file", "a GeoJSON import must be a FeatureCollection")
    features = [f for f in document.get("features") or [] if isinstance(f, dict)]
    if osm.is_overpass(features):
        return osm.read_features(features, max_vertices)
    headers: dict[str, None] = {}
    for feature in features:
        headers.update(dict.fromkeys(feature.get("properties") or {}))
    names = list(headers)
    table = Table(format="geojson", headers=names, rows=[], points=[], crs=_legacy_crs(document))
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        table.rows.append((index, [props.get(name) for name in names]))
        add_geojson_point(table, index, feature.get("geometry"), max_vertices)
    return table


def read_ogr(source: ImportSource, fmt: str, max_vertices: int) -> Table:
    """Read every layer of a GeoPackage, Shapefile or KML file through pyogrio.

    A feature whose geometry has more than ``max_vertices`` vertices is a row error.
    """
    if source.path is not None:
        return _read_ogr_path(str(source.path), fmt, max_vertices)
    suffix = Path(source.name).suffix.lower() or {"shp": ".zip"}.get(fmt, f".{fmt}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(source.data)
        return _read_ogr_path(str(path), fmt, max_vertices)


def _read_ogr_path(path: str, fmt: str, max_vertices: int) -> Table:
    from pyogrio import list_layers  # noqa: PLC0415 — GDAL loads slowly
    from pyogrio.errors import DataSourceError  # noqa: PLC0415

    try:
        layers = [str(row[0]) for row in list_layers(path)]
    except (DataSourceError, OSError, ValueError) as error:
        raise InvalidInput("file", f"GDAL cannot open it as {fmt}: {error}") from None
    table = Table(format=fmt, headers=[], rows=[], points=[])
    for layer in layers:
        _read_layer(table, path, layer, max_vertices)
    if fmt == "kml":
        table.crs = table.crs or WGS84
        if "Name" in table.headers:
            table.columns["Name"] = "code"  # a placemark's name, unless a column names the code
    return table


def _read_layer(table: Table, target: Any, layer: str, max_vertices: int) -> None:
    from pyogrio.raw import read  # noqa: PLC0415

    meta, _, wkb, values = read(target, layer=layer)
    names = [str(n) for n in meta["fields"]]
    crs = meta.get("crs")
    if crs and table.crs and crs != table.crs:
        raise InvalidInput("file", f"layers use different coordinate systems ({crs}, {table.crs})")
    table.crs = table.crs or crs
    for name in names:
        if name not in table.headers:
            table.headers.append(name)
    position = [table.headers.index(n) for n in names]
    count = len(values[0]) if values else (len(wkb) if wkb is not None else 0)
    geometries = shapely.from_wkb(wkb) if wkb is not None else [None] * count
    sizes = shapely.get_num_coordinates(geometries) if wkb is not None else [0] * count
    width = len(table.headers)
    for i, (geometry, size) in enumerate(zip(geometries, sizes, strict=True)):
        cells: list[object] = [None] * width
        for column, array in zip(position, values, strict=True):
            cells[column] = _plain(array[i])
        index = len(table.rows) + 1
        table.rows.append((index, cells))
        too_many = f"the geometry has {size} vertices; at most {max_vertices} are accepted"
        add_point(table, index, geometry, refused=too_many if size > max_vertices else None)


def _plain(value: Any) -> object:
    """A numpy scalar as the Python value a parser expects (NaN and NaT become None)."""
    if value is None:
        return None
    item = value.item() if hasattr(value, "item") else value
    if isinstance(item, float) and item != item:
        return None
    if isinstance(item, bytes):
        return item.decode("utf-8", "replace")
    return item
