"""Writing export records as CSV, XLSX, GeoJSON or GeoPackage.

- CSV: UTF-8 with a byte-order mark (Excel then shows Vietnamese), headers
  ``"Mã camera (code)"`` from the importer's mapping table, dates dd/mm/yyyy,
  yes/no as có/không, numbers with a decimal point and full precision.
- XLSX: numbers as numbers, dates as date cells (dd/mm/yyyy), the same headers.
- GeoJSON (RFC 7946): points in EPSG:4326, properties named by field.
- GeoPackage: a ``cameras`` point layer in EPSG:4326 through pyogrio/GDAL.

Each imports back unchanged with ``camreg import cameras``.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from camera_registry.exports.cells import cell_text
from camera_registry.imports.fields import BY_NAME
from camera_registry.timeutil import LOCAL_TZ

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}
EXPORT_FORMATS = tuple(MEDIA_TYPES)


def header(name: str) -> str:
    """``"Mã camera (code)"``: the Vietnamese label and the field name."""
    found = BY_NAME.get(name)
    return f"{found.label_vi} ({name})" if found else name


def write_csv(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV text with a BOM."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header(c) for c in columns])
    for record in records:
        writer.writerow([cell_text(record.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return value


def write_xlsx(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """An Excel workbook with one sheet, typed cells and dd/mm/yyyy dates."""
    from openpyxl import Workbook  # noqa: PLC0415 — only XLSX exports need it
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Camera")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heads = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=header(column))
        cell.font = bold
        heads.append(cell)
    sheet.append(heads)
    for record in records:
        row = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(record.get(column)))
            if isinstance(record.get(column), date):
                is_moment = isinstance(record.get(column), datetime)
                cell.number_format = "dd/mm/yyyy hh:mm:ss" if is_moment else "dd/mm/yyyy"
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def write_geojson(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """An RFC 7946 FeatureCollection of points."""
    props = [c for c in columns if c not in ("lon", "lat")]
    features = [
        {
            "type": "Feature",
            "id": record["code"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": {c: _json_value(record.get(c)) for c in props},
        }
        for record in records
    ]
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def gpkg_array(values: list[Any]) -> np.ndarray[Any, Any]:
    """One attribute column as the numpy array pyogrio writes to a GeoPackage field.

    Booleans, numbers and dates keep their type (None becomes NaN / NaT); anything
    else is written as text.
    """
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present) and len(present) == len(values):
        return np.array(values, dtype=bool)
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if present and all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return np.array([np.datetime64("NaT") if v is None else v for v in values],
                        dtype="datetime64[D]")  # fmt: skip
    return np.array([None if v is None else cell_text(v) for v in values], dtype=object)


def write_gpkg(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """A GeoPackage with a ``cameras`` point layer (EPSG:4326)."""
    import shapely  # noqa: PLC0415
    from pyogrio.raw import write  # noqa: PLC0415 — GDAL loads slowly

    rows = list(records)
    fields = [c for c in columns if c not in ("lon", "lat")]
    geometry = shapely.to_wkb(shapely.points([r["lon"] for r in rows], [r["lat"] for r in rows]))
    data = [gpkg_array([r.get(c) for r in rows]) for c in fields]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cameras.gpkg"
        write(path, geometry, data, fields, driver="GPKG", layer="cameras", crs="EPSG:4326",
              geometry_type="Point", encoding="UTF-8")  # fmt: skip
        return path.read_bytes()


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "geojson": write_geojson, "gpkg": write_gpkg}
