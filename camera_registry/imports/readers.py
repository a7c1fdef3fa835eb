"""One entry point for every supported file format."""

from __future__ import annotations

from camera_registry.imports import gis, tabular
from camera_registry.imports.mapping import UserMapping, header_test
from camera_registry.imports.table import ImportSource, Table


def read_table(source: ImportSource, fmt: str, user: UserMapping, *, max_vertices: int) -> Table:
    """Read a file of the given format into a :class:`Table`.

    GIS formats refuse (as row errors) geometries of more than ``max_vertices`` vertices.
    """
    if fmt == "csv":
        return tabular.read_csv(source, header_test(user))
    if fmt == "xlsx":
        return tabular.read_xlsx(source, header_test(user))
    if fmt == "geojson":
        return gis.read_geojson(source, max_vertices)
    return gis.read_ogr(source, fmt, max_vertices)
