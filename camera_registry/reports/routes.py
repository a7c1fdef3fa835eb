"""HTTP route of reports: ``GET /reports/monthly``, a thin wrapper over the report service."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from camera_registry.deps import CurrentUser, SessionDep, SettingsDep
from camera_registry.reports import service
from camera_registry.reports.access import Reader
from camera_registry.reports.params import make_request
from camera_registry.reports.schemas import MonthlyReport
from camera_registry.responses import documented

router = APIRouter(prefix="/reports", tags=["reports"])
Format = Literal["json", "csv", "xlsx", "html", "pdf"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What the report may answer besides JSON, by ``format``.
OTHER_MEDIA_TYPES = ("text/csv", XLSX, "text/html", "application/pdf")


@router.get(
    "/monthly",
    summary="Báo cáo tháng / monthly effectiveness report of a unit",
    responses=documented(MonthlyReport, also=OTHER_MEDIA_TYPES),
)
def monthly(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    month: Annotated[str, Query(description="Tháng / month, YYYY-MM (e.g. 2023-05)")],
    unit: Annotated[str, Query(description="GSO code of a commune, district or province")],
    fmt: Annotated[
        Format, Query(alias="format", description="json, csv, xlsx, html or pdf")
    ] = "json",
    lang: Annotated[Literal["vi", "en"], Query(description="Language (default vi)")] = "vi",
    since: Annotated[str | None, Query(description="Cumulative start, YYYY-MM")] = None,
    former: Annotated[bool, Query(description="Report on an abolished unit's territory")] = False,
    coverage: Annotated[bool, Query(description="Add area coverage (always in html/pdf)")] = False,
) -> Response:
    """Cameras, incidents, footage, contributions and the outcome comparison for one month."""
    req = make_request(unit=unit, month=month, fmt=fmt, lang=lang, since=since,
                       default_since=settings.report_since, former=former,
                       coverage=coverage)  # fmt: skip
    out = service.generate(session, req=req, reader=Reader.of(user))
    disposition = "inline" if fmt in ("json", "html") else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{out.filename}"'}
    return Response(out.content, media_type=out.media_type, headers=headers)
