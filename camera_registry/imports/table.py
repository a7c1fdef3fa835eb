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

FORMATS = ("csv", "xlsx", "xls", "ods", "geojson", "gpkg", "shp", "kml")
#: Formats read as workbooks (:mod:`camera_registry.imports.sheets`).
WORKBOOKS = ("xlsx", "xls", "ods")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"

_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
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
    ``row_sheets`` names each row's worksheet when a workbook was read (so a
    row is known by sheet and row number).  ``columns`` maps headers the reader
    already understood to fields (OSM tags, a KML placemark name); the user's
    mapping and the default table do the rest.
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
    row_sheets: list[str] = field(default_factory=list)

    def where(self, index: int) -> str:
        """Row ``index`` as the user finds it: "'Sheet' row 12", or "row 12"."""
        number = self.rows[index][0]
        if self.row_sheets and len({*self.row_sheets}) > 1:
            return f"{self.row_sheets[index]!r} row {number}"
        return f"row {number}"


def remove_columns(
    headers: list[str], rows: list[tuple[int, list[object]]], indexes: set[int]
) -> tuple[tuple[list[str], list[tuple[int, list[object]]]], list[str]]:
    """Headers and rows without the columns at ``indexes``, and the removed headers."""
    if not indexes:
        return (headers, rows), []
    keep = [i for i in range(len(headers)) if i not in indexes]
    gone = [headers[i] or f"#{i + 1}" for i in sorted(indexes) if i < len(headers)]
    kept = [(n, [c[i] for i in keep if i < len(c)]) for n, c in rows]
    return ([headers[i] for i in keep], kept), gone


def drop_columns(table: Table, names: tuple[str, ...]) -> None:
    """Remove the columns the user named (``--drop``) before anything reads their cells.

    A name matches a header compared folded; a name no header matches is an error,
    so a typo cannot let a column of personal notes through.
    """
    from camera_registry.imports.fields import normalise_header  # noqa: PLC0415 — a cycle

    if not names:
        return
    folded = [normalise_header(h) for h in table.headers]
    indexes: set[int] = set()
    for name in names:
        found = {i for i, h in enumerate(folded) if h == normalise_header(name)}
        if not found:
            listed = ", ".join(repr(h) for h in table.headers if h)
            raise InvalidInput("drop", f"không có cột / no column {name!r}; the file has {listed}")
        indexes |= found
    (table.headers, table.rows), gone = remove_columns(table.headers, table.rows, indexes)
    table.columns = {h: f for h, f in table.columns.items() if h in table.headers}
    table.notes.append("cột đã bỏ / columns dropped: " + ", ".join(repr(h) for h in gone))


def sniff_workbook(data: bytes) -> str | None:
    """ "xls" (an OLE2 compound file) or "ods" (an OpenDocument package) by magic bytes."""
    if data.startswith(_OLE2):
        return "xls"
    if data.startswith(b"PK\x03\x04") and data[30 : 30 + len(_ODS)] == _ODS:
        return "ods"
    return None


def detect_format(name: str, requested: str | None, data: bytes | None = None) -> str:
    """The format named by the user, else the one the file's first bytes (.xls, .ods)
    or its name's extension imply."""
    if requested:
        wanted = requested.lower().lstrip(".")
        wanted = {"json": "geojson", "shapefile": "shp", "excel": "xlsx"}.get(wanted, wanted)
        if wanted not in FORMATS:
            raise InvalidInput("format", f"must be one of {', '.join(FORMATS)}")
        return wanted
    sniffed = sniff_workbook(data) if data is not None else None
    if sniffed is not None:
        return sniffed
    found = _EXTENSIONS.get(Path(name).suffix.lower())
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
