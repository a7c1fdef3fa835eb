"""Building a monthly report and delivering it in a format, audited.

:func:`build` reads (frame, incidents, cameras, contributions, coverage) and
returns the :class:`~camera_registry.reports.figures.MonthlyReport`;
:func:`generate` checks the reader, renders the format and records the
generation in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from shapely.geometry import MultiPolygon
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.coverage import snapshot
from camera_registry.coverage.boundaries import NONE, OWN
from camera_registry.reports import assemble, attribution, cameras, incidents, queries
from camera_registry.reports.access import Reader, require_reader
from camera_registry.reports.figures import CoverageFigures, MapArea, MonthlyReport
from camera_registry.reports.frame import Frame, resolve_frame
from camera_registry.reports.i18n import day, month, t
from camera_registry.reports.outcome import compare
from camera_registry.reports.params import ReportRequest, add_months, last_day, now_utc_seconds
from camera_registry.timeutil import today_local
from geo.coverage import share, simplify_m

_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class RenderedReport:
    """A report file: bytes, media type and a file name."""

    content: bytes
    media_type: str
    filename: str


def _coverage(session: Session, frame: Frame, req: ReportRequest) -> dict[int, CoverageFigures]:
    """Area and area in view at month end of the unit and each child (coverage domain)."""
    if not req.coverage:
        return {}
    area = frame.geometry.get(frame.unit.id, MultiPolygon())
    snap = snapshot.load(
        session, area=area, on=last_day(req.month), period=None, weights={}, roads=False
    )
    result = {}
    for unit in [frame.unit, *frame.children]:
        fig = snapshot.figures(snap, frame.geometry.get(unit.id, MultiPolygon()), None)
        result[unit.id] = CoverageFigures(round(fig.area_km2, 4), round(fig.covered_km2, 4))
    return result


def _map(frame: Frame, coverage: dict[int, CoverageFigures]) -> list[MapArea]:
    """The areas of the coverage map (the children, or the unit alone) that have a boundary."""
    if frame.bbox is None:
        return []
    units = [u for u in frame.children or [frame.unit] if u.id in frame.geometry]
    minx, miny, maxx, maxy = frame.bbox
    extent_m = max(maxx - minx, maxy - miny) * 111_000.0
    areas = []
    for unit in units:
        fig = coverage.get(unit.id)
        shape = simplify_m(frame.geometry[unit.id], max(extent_m / 600.0, 1.0))
        covered = share(fig.covered_km2, fig.area_km2) if fig else None
        areas.append(MapArea(unit.code, unit.name, shape, covered))
    return areas


def _notes(req: ReportRequest, frame: Frame, idle_since: str) -> list[str]:
    lang = req.lang
    notes = []
    if frame.former:
        notes.append(t("note_former", lang, unit=frame.unit.name, day=day(frame.on)))
    if req.month == today_local().replace(day=1):
        notes.append(t("note_incomplete", lang, month=month(req.month)))
    notes += [t(key, lang) for key in ("note_clarified", "note_footage", "note_attribution")]
    notes += [t("note_uptime", lang), t("note_idle", lang, day=idle_since)]
    count = frame.boundaries_of(frame.commune_ids)
    if frame.basis == NONE:
        notes.append(t("note_no_boundary", lang, n=count.total))
    elif not count.complete:
        key = "note_boundaries_own" if frame.basis == OWN else "note_boundaries"
        notes.append(t(key, lang, k=count.with_boundary, n=count.total))
    return notes


def build(session: Session, *, req: ReportRequest, frame: Frame | None = None) -> MonthlyReport:
    """Compute a monthly report (see the package modules for each part's definition)."""
    frame = frame or resolve_frame(session, code=req.unit, month=req.month, former=req.former)
    attr = attribution.build(session, frame=frame)
    tl = incidents.timeline(req.month, req.since)
    tally = incidents.collect(session, frame=frame, attribution=attr, tl=tl)
    start, end = req.start_utc, req.end_utc
    bbox, given = frame.bbox, attr.direct_ids
    changes = queries.status_changes(session, bbox=bbox, start=start, end=end - _TICK, given=given)
    rows = queries.camera_rows(session, bbox=bbox, start=start, changes=changes, given=given)
    placed = cameras.place(frame, rows, changes, start, end, given=attr.direct)
    coverage = _coverage(session, frame, req)
    figures = [
        assemble.unit_figures(
            unit,
            communes,
            tally=tally,
            tl=tl,
            cameras=placed,
            coverage=coverage.get(unit.id),
            boundaries=frame.boundaries_of(communes),
        )
        for unit, communes in [
            (frame.unit, frame.commune_ids),
            *((c, frame.communes_of[c.id]) for c in frame.children),
        ]
    ]
    total, children = figures[0], figures[1:]
    idle_since = add_months(req.month, -11)
    counts = queries.contributions(
        session,
        bbox=bbox,
        since=req.since,
        recent=idle_since,
        end=add_months(req.month, 1),
        given=given,
    )
    ranked, idle = assemble.contributions(frame, placed, counts, idle_since)
    return MonthlyReport(
        request=req,
        generated_at=now_utc_seconds(),
        units_on=frame.on,
        former=frame.former,
        valid_from=frame.unit.valid_from,
        valid_to=frame.unit.valid_to,
        total=total,
        children=children,
        communes_without_active=assemble.communes_without(frame, placed),
        trend=incidents.trend(tally, frame.commune_ids, tl),
        contributors=ranked,
        idle=idle,
        idle_since=idle_since,
        comparison=compare(frame, tl, tally, placed),
        notes=_notes(req, frame, day(idle_since)),
        map_areas=_map(frame, coverage) if req.draws_map else [],
        area_basis=frame.basis,
    )


def generate(
    session: Session, *, req: ReportRequest, reader: Reader, source_addr: str | None = None
) -> RenderedReport:
    """Check the reader, build and render the report, and audit its generation (commits)."""
    from camera_registry.reports.formats import render  # noqa: PLC0415 — WeasyPrint is heavy

    frame = resolve_frame(session, code=req.unit, month=req.month, former=req.former)
    require_reader(reader, frame)
    report = build(session, req=req, frame=frame)
    content, media_type = render(report)
    detail: dict[str, object] = {"month": f"{req.month:%Y-%m}", "format": req.fmt}
    detail["lang"] = req.lang
    detail |= {"since": f"{req.since:%Y-%m}", "former": frame.former}
    audit.record_for(
        session,
        reader,
        "report.generate",
        object_type="admin_unit",
        object_id=req.unit,
        source_addr=source_addr,
        detail=json.dumps(detail),
    )
    session.commit()
    stem = "bao-cao" if req.lang == "vi" else "report"
    return RenderedReport(content, media_type, f"{stem}-{req.unit}-{req.month:%Y-%m}.{req.fmt}")
