"""What every reader hands to the importer: headers, rows, and where each row came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.errors import ShapelyError
from shapely.geometry import shape

from camera_registry.errors import InvalidInput
from geo.errors import GeometryInputError
from geo.vertices import check_vertex_count, geojson_vertex_count

FORMATS = ("csv", "xlsx", "geojson", "gpkg", "shp", "kml")

_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".shp": "shp",
    ".zip": "shp",
    ".kml": "kml",
    ".kmz": "kml",
}


@dataclass(frozen=True)
class ImportSource:
    """A file to import: its name as the user knows it, its bytes, and its path if on disk."""

    name: str
    data: bytes
    path: Path | None = None

    @classmethod
    def from_path(cls, path: Path) -> ImportSource:
        """Read a file from disk."""
        try:
            return cls(name=path.name, data=path.read_bytes(), path=path)
        except OSError as error:
            raise InvalidInput("file", f"cannot read {path}: {error.strerror}") from None


@dataclass
class Table:
    """Rows of a camera list before any interpretation.

    ``rows`` pairs each row's number as the user sees it (the spreadsheet or
    text line, or the feature's position for GIS files) with its cells.
    ``points`` holds each row's point geometry (in ``crs``) for GIS formats.
    ``columns`` maps headers the reader already understood to fields (OSM tags,
    a KML placemark name); the user's mapping and the default table do the rest.
    """

    format: str
    headers: list[str]
    rows: list[tuple[int, list[object]]]
    points: list[tuple[float, float] | None] | None = None
    crs: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    row_warnings: list[tuple[int, str, str, str]] = field(default_factory=list)
    geometry_errors: dict[int, str] = field(default_factory=dict)
    preset: str | None = None


def detect_format(name: str, requested: str | None) -> str:
    """The format named by the user, or the one the file name's extension implies."""
    if requested:
        wanted = requested.lower().lstrip(".")
        wanted = {"json": "geojson", "shapefile": "shp", "excel": "xlsx", "xls": "xlsx"}.get(
            wanted, wanted
        )
        if wanted not in FORMATS:
            raise InvalidInput("format", f"must be one of {', '.join(FORMATS)}")
        return wanted
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise InvalidInput("file", "old .xls workbooks are not read: save the sheet as .xlsx")
    found = _EXTENSIONS.get(suffix)
    if found is None:
        raise InvalidInput(
            "format", f"cannot tell the format of {name!r}: give one of {', '.join(FORMATS)}"
        )
    return found


def _point_of(geometry: Any) -> tuple[float, float] | str:
    """The (x, y) of a point geometry, or why the geometry is not one."""
    if geometry is None or geometry.is_empty:
        return "the feature has no geometry"
    if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
        geometry = geometry.geoms[0]
    if geometry.geom_type != "Point":
        return f"the geometry is a {geometry.geom_type}; a camera must be a point"
    return float(geometry.x), float(geometry.y)


def add_point(table: Table, index: int, geometry: Any, *, refused: str | None = None) -> None:
    """Record a feature's point, or why it has none (``refused``: a reason found earlier)."""
    assert table.points is not None
    found = refused if refused is not None else _point_of(geometry)
    if isinstance(found, str):
        table.geometry_errors[index] = found
        table.points.append(None)
    else:
        table.points.append(found)


def add_geojson_point(table: Table, index: int, raw: object, max_vertices: int) -> None:
    """Record a GeoJSON feature's point; its vertices are counted before anything is built."""
    try:
        check_vertex_count(geojson_vertex_count(raw), max_vertices)
    except GeometryInputError as error:
        add_point(table, index, None, refused=f"the geometry {error.reason}")
        return
    try:
        geometry = shape(raw) if raw else None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError,
            ShapelyError):  # fmt: skip
        geometry = None
    add_point(table, index, geometry)
