"""A page of cameras as GeoJSON, plain JSON or CSV.

CSV is UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly.
Its headers are "Vietnamese label (field)" — ``Mã camera (code)``, ``Kinh độ
(lon)`` … — with the labels of the importer's documented mapping
(``camera_registry.imports.fields``), so a listing exported here imports back
as it is.  Dates are dd/mm/yyyy, yes/no is có/không, vocabulary values are
their codes (``active``, ``ptz``).  Holder columns appear only for roles that
may see holders at all, and their cells are blank on rows the caller may not
see.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from camera_registry.auth import HOLDER_ROLES, Principal
from camera_registry.cameras.presenters import camera_feature, camera_record
from camera_registry.cameras.queries import CameraRow
from camera_registry.exports.cells import cell_text
from camera_registry.geoconv import feature_collection
from camera_registry.imports.fields import BY_NAME
from camera_registry.responses import GEOJSON
from camera_registry.vocab import Role

Format = Literal["geojson", "json", "csv"]

#: CSV columns, in order; the holder pair is inserted after ``ownership`` when allowed.
CSV_COLUMNS = (
    "code",
    "lon",
    "lat",
    "commune_code",
    "commune_name",
    "commune_basis",
    "site_code",
    "address",
    "direction_deg",
    "fov_deg",
    "range_m",
    "height_m",
    "kind",
    "ownership",
    "programme",
    "installed_on",
    "decommissioned_on",
    "status",
    "retention_days",
    "connected_to_centre",
    "outside_commune",
    "source",
    "external_id",
    "attribution",
    "imported_at",
    "last_verified_on",
    "version",
)
HOLDER_COLUMNS = ("owner_name", "owner_contact")


def _page_links(request: Request, total: int, limit: int, offset: int, returned: int) -> list[Any]:
    def href(at: int) -> str:
        query = dict(request.query_params.multi_items())
        query.update(offset=str(at), limit=str(limit))
        return f"{request.url.path}?{urlencode(query)}"

    links = []
    if offset + returned < total:
        links.append({"rel": "next", "href": href(offset + limit)})
    if offset > 0:
        links.append({"rel": "prev", "href": href(max(0, offset - limit))})
    return links


def csv_columns(user: Principal) -> tuple[str, ...]:
    """The CSV header for a caller: holder columns only for roles that can ever see them."""
    if user.role in HOLDER_ROLES or user.role == Role.COMMUNE_OFFICER:
        at = CSV_COLUMNS.index("ownership") + 1
        return CSV_COLUMNS[:at] + HOLDER_COLUMNS + CSV_COLUMNS[at:]
    return CSV_COLUMNS


#: Vietnamese labels of columns the importer does not read back.
_EXTRA_LABELS = {
    "site_code": "Mã điểm lắp đặt",
    "decommissioned_on": "Ngày tháo dỡ",
    "outside_commune": "Ngoài địa giới xã",
}


def csv_header(name: str) -> str:
    """The CSV header of a field: ``"Mã camera (code)"``."""
    known = BY_NAME.get(name)
    return f"{known.label_vi if known else _EXTRA_LABELS[name]} ({name})"


def cameras_csv(rows: Sequence[CameraRow], user: Principal) -> str:
    """The rows as CSV text (with a BOM), holder cells blank where not allowed."""
    columns = csv_columns(user)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_header(name) for name in columns])
    for row in rows:
        record = camera_record(row, user, mode="python")
        writer.writerow([cell_text(record.get(name)) for name in columns])
    return out.getvalue()


def render_page(
    request: Request,
    *,
    rows: Sequence[CameraRow],
    total: int,
    user: Principal,
    fmt: Format,
    geometry: str,
    limit: int,
    offset: int,
) -> Response:
    """One page of a listing in the requested format."""
    counts = {"numberMatched": total, "numberReturned": len(rows)}
    if fmt == "csv":
        return Response(
            cameras_csv(rows, user).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": 'attachment; filename="cameras.csv"',
                "X-Number-Matched": str(total),
            },
        )
    links = _page_links(request, total, limit, offset, len(rows))
    if fmt == "json":
        items = [camera_record(row, user) for row in rows]
        return JSONResponse({"items": items, **counts, "links": links})
    features = [camera_feature(row, user, geometry) for row in rows]
    return JSONResponse(feature_collection(features, **counts, links=links), media_type=GEOJSON)
