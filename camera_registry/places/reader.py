"""Reading gazetteer files: CSV, XLSX and GeoJSON, with Vietnamese or English headers.

Columns (any case, any diacritics): ``tên``/``name``; ``loại``/``kind``
(``thôn``, ``chợ``, ``trường``, ``số nhà``, ``đường`` … or the English values);
position as ``kinh độ``/``lon`` and ``vĩ độ``/``lat`` (WGS84), or ``X`` (north)
and ``Y`` (east) in the coordinate system given with ``--crs`` (VN-2000 …);
optional ``địa chỉ``/``address``, ``tên khác``/``alt_names`` (``;``-separated),
``mã``/``id`` (makes a re-import update rather than duplicate) and ``mã xã``/
``commune_code`` (checked against the position).  GeoJSON features carry these
as properties and a Point or LineString geometry (RFC 7946, WGS84).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from camera_registry.textnorm import fold
from geo.errors import GeometryInputError
from geo.vertices import DEFAULT_MAX_VERTICES, check_vertex_count, geojson_vertex_count

#: Canonical field → folded header spellings accepted.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "ten", "ten dia danh", "ten dia diem"),
    "kind": ("kind", "loai", "loai dia danh", "type"),
    "lon": ("lon", "lng", "longitude", "kinh do"),
    "lat": ("lat", "latitude", "vi do"),
    "x": ("x", "toa do x", "northing", "n"),
    "y": ("y", "toa do y", "easting", "e"),
    "address": ("address", "dia chi"),
    "alt_names": ("alt_names", "alt names", "ten khac"),
    "external_id": ("id", "external_id", "ma", "ma dia danh"),
    "commune_code": ("commune_code", "ma xa"),
}
_BY_HEADER = {spelling: field for field, spellings in HEADERS.items() for spelling in spellings}


@dataclass
class RawRow:
    """One row as read: its number in the file (1-based, header excluded) and its cells."""

    number: int
    values: dict[str, Any]
    geometry: BaseGeometry | None = None  # GeoJSON only


class UnreadableFile(ValueError):
    """The file cannot be read at all (format, encoding, missing columns)."""


def _field(header: object) -> str | None:
    return _BY_HEADER.get(fold(str(header or "")).replace("_", " ").strip()) or _BY_HEADER.get(
        fold(str(header or "")).strip()
    )


def _rows_from_table(headers: list[object], rows: Iterator[list[object]]) -> Iterator[RawRow]:
    fields = [_field(h) for h in headers]
    if "name" not in fields:
        raise UnreadableFile("no name column (tên / name) in the header row")
    for number, cells in enumerate(rows, start=1):
        values = {f: c for f, c in zip(fields, cells, strict=False) if f and c not in (None, "")}
        if values:
            yield RawRow(number, values)


def _csv(path: Path) -> Iterator[RawRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the CSV file is not UTF-8 (save it as 'CSV UTF-8')") from None
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.reader(text.splitlines(), dialect)
    headers = next(reader, None)
    if headers is None:
        raise UnreadableFile("the file is empty")
    yield from _rows_from_table(list(headers), (list(r) for r in reader))


def _xlsx(path: Path) -> Iterator[RawRow]:
    from openpyxl import load_workbook  # noqa: PLC0415 — only for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds
        raise UnreadableFile(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        headers = next(rows, None)
        if headers is None:
            raise UnreadableFile("the first sheet is empty")
        yield from _rows_from_table(list(headers), (list(r) for r in rows))
    finally:
        book.close()


def _geojson(path: Path, max_vertices: int) -> Iterator[RawRow]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"not valid GeoJSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise UnreadableFile("a GeoJSON FeatureCollection is expected")
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {}
        values = {f: v for k, v in props.items() if (f := _field(k)) and v not in (None, "")}
        raw, geometry = feature.get("geometry"), None
        try:
            check_vertex_count(geojson_vertex_count(raw), max_vertices)
            geometry = shape(raw) if raw else None
        except GeometryInputError as exc:
            values["_geometry_error"] = exc.reason
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ShapelyError):
            values["_geometry_error"] = "cannot be read"
        yield RawRow(number, values, geometry)


def read_rows(path: Path, *, max_vertices: int = DEFAULT_MAX_VERTICES) -> list[RawRow]:
    """Every row of a CSV, XLSX or GeoJSON gazetteer file.

    A GeoJSON geometry of more than ``max_vertices`` vertices is not built; its row
    carries the reason, which the importer reports as an error of field ``geometry``.
    """
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return list(_geojson(path, max_vertices))
    readers = {".csv": _csv, ".txt": _csv, ".xlsx": _xlsx}
    if suffix not in readers:
        raise UnreadableFile(f"unsupported file type {suffix!r}: use CSV, XLSX or GeoJSON")
    return list(readers[suffix](path))
