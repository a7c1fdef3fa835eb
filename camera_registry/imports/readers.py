"""One entry point for every supported file format."""

from __future__ import annotations

from camera_registry.errors import InvalidInput
from camera_registry.imports import gis, sheets, tabular
from camera_registry.imports.mapping import UserMapping, header_test
from camera_registry.imports.table import WORKBOOKS, ImportSource, Table, drop_columns


def read_table(source: ImportSource, fmt: str, user: UserMapping, *, max_vertices: int) -> Table:
    """Read a file of the given format into a :class:`Table`.

    The columns ``user.drop`` names are removed before anything else sees them;
    ``user.sheet`` picks one worksheet of a workbook.  GIS formats refuse (as row
    errors) geometries of more than ``max_vertices`` vertices.
    """
    table = _read(source, fmt, user, max_vertices)
    drop_columns(table, user.drop)
    return table


def _read(source: ImportSource, fmt: str, user: UserMapping, max_vertices: int) -> Table:
    if user.sheet is not None and fmt not in WORKBOOKS:
        raise InvalidInput("sheet", f"only workbooks ({', '.join(WORKBOOKS)}) have sheets")
    if fmt == "csv":
        return tabular.read_csv(source, header_test(user))
    if fmt in WORKBOOKS:
        return sheets.read_workbook(source, fmt, header_test(user), sheet=user.sheet)
    if fmt == "geojson":
        return gis.read_geojson(source, max_vertices)
    return gis.read_ogr(source, fmt, max_vertices)
