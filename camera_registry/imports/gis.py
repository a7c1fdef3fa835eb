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
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import shapely

from camera_registry.errors import InvalidInput
from camera_registry.imports import osm
from camera_registry.imports.table import ImportSource, Table, add_geojson_point, add_point

WGS84 = "EPSG:4326"
#: A JSON ``\\uD800``–``\\uDFFF`` escape: half of a surrogate pair.
#: Most bytes the members of a zipped Shapefile may unpack to: GDAL reads a whole
#: layer into memory, so a zip bomb is refused before GDAL opens it.
MAX_UNZIPPED_BYTES = 1 << 30
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")


def legacy_crs(document: dict[str, Any]) -> str:
    """The CRS a GeoJSON document's legacy ``crs`` member names (WGS84 when it names none)."""
    member = document.get("crs")
    if isinstance(member, dict):
        name = properties(member).get("name")
        if isinstance(name, str) and "CRS84" not in name.upper():
            return name
    return WGS84


def load_geojson(source: ImportSource) -> Any:
    """The uploaded JSON document; a file that is not JSON (or nests absurdly deep) is a 422.

    A ``\\ud800``-style escape that pairs with nothing decodes to a lone surrogate,
    which no database (nor a UTF-8 report) can hold: such a file is refused too.
    """
    try:
        document = json.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput("file", f"not valid GeoJSON: {error}") from None
    except RecursionError:
        raise InvalidInput("file", "not valid GeoJSON: nested too deeply") from None
    if _SURROGATE_ESCAPE.search(source.data):
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            reason = "not valid GeoJSON: a \\u escape is half of a surrogate pair"
            raise InvalidInput("file", reason) from None
    return document


def properties(feature: dict[str, Any]) -> dict[str, Any]:
    """A feature's ``properties`` member; anything but an object counts as none."""
    props = feature.get("properties")
    return props if isinstance(props, dict) else {}


def read_geojson(source: ImportSource, max_vertices: int) -> Table:
    """Read a GeoJSON FeatureCollection (or an Overpass export of OSM cameras).

    A feature whose geometry has more than ``max_vertices`` vertices is a row error.
    """
    document = load_geojson(source)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInput("file", "a GeoJSON import must be a FeatureCollection")
    members = document.get("features")
    features = [f for f in members if isinstance(f, dict)] if isinstance(members, list) else []
    if osm.is_overpass(features):
        return osm.read_features(features, max_vertices)
    headers: dict[str, None] = {}
    for feature in features:
        headers.update(dict.fromkeys(properties(feature)))
    names = list(headers)
    table = Table(format="geojson", headers=names, rows=[], points=[], crs=legacy_crs(document))
    for index, feature in enumerate(features, start=1):
        props = properties(feature)
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


def check_unzipped_size(path: str, limit: int = MAX_UNZIPPED_BYTES) -> None:
    """Refuse a zip archive whose members unpack to more than ``limit`` bytes (a 422)."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InvalidInput("file", f"not a readable zip archive: {error}") from None
    if total > limit:
        raise InvalidInput(
            "file", f"the archive unpacks to {total} bytes; at most {limit} are accepted"
        )


def _read_ogr_path(path: str, fmt: str, max_vertices: int) -> Table:
    from pyogrio import list_layers  # noqa: PLC0415 — GDAL loads slowly
    from pyogrio.errors import DataSourceError  # noqa: PLC0415

    check_unzipped_size(path)
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
            cells[column] = plain(array[i])
        index = len(table.rows) + 1
        table.rows.append((index, cells))
        too_many = f"the geometry has {size} vertices; at most {max_vertices} are accepted"
        add_point(table, index, geometry, refused=too_many if size > max_vertices else None)


def plain(value: Any) -> object:
    """A numpy scalar as the Python value a parser expects (NaN and NaT become None)."""
    if value is None:
        return None
    item = value.item() if hasattr(value, "item") else value
    if isinstance(item, float) and item != item:
        return None
    if isinstance(item, bytes):
        return item.decode("utf-8", "replace")
    return item
