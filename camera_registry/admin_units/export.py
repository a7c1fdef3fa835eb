"""Exporting administrative units as GeoJSON (RFC 7946) or GeoPackage, for QGIS and GDAL.

Units are public data (GSO codes and boundaries).  Each feature carries the
unit's code, name, level, type, parent code, validity, population, computed
and published areas, whether a boundary is loaded and its quality.  By default
only units with a boundary, in force today; ``with_missing`` adds the others
with a null geometry, so a file can list the whole national roster.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy.orm import Session

from camera_registry.admin_units import export_queries as eq
from camera_registry.admin_units import topology_queries as tq
from camera_registry.errors import InvalidInput
from camera_registry.exports.writers import MEDIA_TYPES, gpkg_array
from camera_registry.timeutil import today_local
from camera_registry.vocab import Level

UNIT_FORMATS = ("geojson", "gpkg")
COLUMNS = eq.EXPORT_COLUMNS
LAYER = "admin_units"


@dataclass(frozen=True)
class UnitExport:
    """An export file: its bytes, media type, suggested name and unit count."""

    content: bytes
    media_type: str
    filename: str
    count: int


def _records(rows: list[Any]) -> tuple[list[dict[str, Any]], Any]:
    """Properties per unit, and the boundaries as one shapely array (None where missing)."""
    records = [{name: getattr(row, name) for name in COLUMNS} for row in rows]
    for record in records:
        record["has_boundary"] = bool(record["has_boundary"])
    return records, tq.wkb_geoms([row.geom for row in rows])


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write_geojson(records: list[dict[str, Any]], geoms: Any) -> bytes:
    """An RFC 7946 FeatureCollection: exteriors counter-clockwise, null geometry when missing."""
    oriented = shapely.orient_polygons(geoms)
    texts = shapely.to_geojson(oriented)
    parts = []
    for record, text in zip(records, texts.tolist(), strict=True):
        props = json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False)
        code = json.dumps(record["code"], ensure_ascii=False)
        geometry = text if text is not None else "null"
        parts.append(f'{{"type":"Feature","id":{code},"geometry":{geometry},"properties":{props}}}')
    return ('{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}").encode()


def write_gpkg(records: list[dict[str, Any]], geoms: Any) -> bytes:
    """A GeoPackage with one ``admin_units`` MultiPolygon layer (EPSG:4326)."""
    from pyogrio.raw import write  # noqa: PLC0415 — GDAL loads slowly

    data = [gpkg_array([r[c] for r in records]) for c in COLUMNS]
    wkb = shapely.to_wkb(geoms)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "admin_units.gpkg"
        options = {"layer": LAYER, "crs": "EPSG:4326", "encoding": "UTF-8"}
        wkb_array = np.asarray(wkb, dtype=object)
        write(path, wkb_array, data, list(COLUMNS), driver="GPKG", geometry_type="MultiPolygon",
              **options)  # fmt: skip
        return path.read_bytes()


def export_units(
    session: Session,
    *,
    fmt: str,
    province: str | None = None,
    level: Level | None = None,
    on: date | None = None,
    with_missing: bool = False,
) -> UnitExport:
    """Write the units the filters select (in force on ``on``, default today) in ``fmt``."""
    if fmt not in UNIT_FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(UNIT_FORMATS)}")
    if province is not None and not eq.code_exists(session, code=province):
        raise InvalidInput("province", f"no administrative unit has code {province!r}")
    rows = eq.export_rows(
        session,
        province=province,
        level=level.value if level else None,
        on=on or today_local(),
        with_missing=with_missing,
    )
    records, geoms = _records(rows)
    content = (write_geojson if fmt == "geojson" else write_gpkg)(records, geoms)
    return UnitExport(content, MEDIA_TYPES[fmt], f"admin_units.{fmt}", len(records))
