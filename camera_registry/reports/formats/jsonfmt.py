"""The report as JSON: numbers as numbers, every rate with its numerator and denominator.

Dates are ISO 8601 (``2023-05-31``), months ``YYYY-MM``; labels (unit names,
incident types, notes) are in the report's language.
"""

from __future__ import annotations

from typing import Any

from camera_registry.coverage.boundaries import BoundaryCount
from camera_registry.reports import i18n
from camera_registry.reports.figures import (
    TYPES,
    CameraContribution,
    CameraFigures,
    Comparison,
    IncidentBlock,
    MonthlyReport,
    UnitFigures,
    UnitRef,
)
from camera_registry.timeutil import LOCAL_TZ


def rate(numerator: float | None, denominator: float) -> dict[str, Any] | None:
    """``{"numerator", "denominator", "rate"}`` (rate None when the denominator is 0)."""
    if numerator is None:
        return None
    value = numerator / denominator if denominator else None
    return {"numerator": numerator, "denominator": denominator, "rate": value}


def change(current: int, previous: int) -> dict[str, Any]:
    """Month-over-month change: both counts, the difference and the relative change."""
    return {
        "current": current,
        "previous": previous,
        "change": current - previous,
        "change_rate": rate(current - previous, previous),
    }


def block_json(block: IncidentBlock) -> dict[str, Any]:
    """One period's incidents, footage available and clarified with footage, by type."""
    return {
        "incidents": block.incidents,
        "footage_available": block.footage_available,
        "clarified_with_footage": block.clarified,
        "footage_available_rate": rate(block.footage_available, block.incidents),
        "clarified_with_footage_rate": rate(block.clarified, block.incidents),
        "by_type": {
            kind: {
                "incidents": f.incidents,
                "footage_available": f.footage_available,
                "clarified_with_footage": f.clarified,
            }
            for kind, f in block.by_type.items()
        },
    }


def cameras_json(c: CameraFigures) -> dict[str, Any]:
    """The camera figures of one unit."""
    return {
        "installed_in_month": c.installed_in_month,
        "in_service_at_month_end": c.in_service,
        "active_at_month_end": c.active_at_end,
        "uptime": rate(c.active_hours, c.service_hours),
        "by_ownership": c.by_ownership,
        "by_programme": c.by_programme,
        "communes_with_active_camera": rate(c.communes_with_active, c.communes_total),
    }


def boundaries_json(b: BoundaryCount, lang: str) -> dict[str, Any]:
    """How many of the unit's communes (the full list) have a boundary loaded."""
    return {
        "with": b.with_boundary,
        "total": b.total,
        "level": b.level,
        "complete": b.complete,
        "label": i18n.t("boundaries", lang, k=b.with_boundary, n=b.total),
    }


def unit_json(u: UnitFigures, lang: str = "vi") -> dict[str, Any]:
    """Everything about one unit."""
    body: dict[str, Any] = {
        "code": u.code,
        "name": u.name,
        "level": u.level,
        "unit_type": u.unit_type,
        "cameras": cameras_json(u.cameras),
        "boundaries": boundaries_json(u.boundaries, lang),
        "incidents": {
            "month": block_json(u.month),
            "previous_month": block_json(u.previous_month),
            "same_month_last_year": block_json(u.same_month_last_year),
            "cumulative": block_json(u.cumulative),
            "month_over_month": {
                "incidents": change(u.month.incidents, u.previous_month.incidents),
                "clarified_with_footage": change(u.month.clarified, u.previous_month.clarified),
            },
        },
    }
    if u.coverage is not None:
        cov = u.coverage
        body["coverage"] = {
            "area_km2": cov.area_km2,
            "in_view_km2": cov.covered_km2,
            "share": rate(cov.covered_km2, cov.area_km2),
        }
    return body


def ref_json(ref: UnitRef) -> dict[str, str]:
    """A unit named in a list."""
    return {"code": ref.code, "name": ref.name}


def contribution_json(c: CameraContribution) -> dict[str, Any]:
    """A camera and the incidents its footage helped."""
    return {
        "code": c.code,
        "commune": ref_json(c.commune),
        "ownership": c.ownership,
        "programme": c.programme,
        "installed_on": c.installed_on.isoformat() if c.installed_on else None,
        "status_at_month_end": c.status_at_end,
        "incidents_helped": c.total,
        "incidents_helped_last_12_months": c.last_12_months,
        "clarified_with_footage": c.clarified,
    }


def comparison_json(c: Comparison, lang: str) -> dict[str, Any]:
    """The outcome comparison, with the caveat and why the RES is hidden if it is."""
    windows = {
        name: {"from": w[0].isoformat(), "to": w[1].isoformat()}
        for name, w in (("before", c.before), ("gain", c.gain), ("after", c.after))
    }
    hidden = i18n.t("res_hidden", lang, min=c.min_count, a=c.a, b=c.b, c=c.c, d=c.d)
    return {
        "windows": windows,
        "gained_cameras": [ref_json(r) for r in c.treated],
        "comparison_group": [ref_json(r) for r in c.control],
        "in_neither_group": [ref_json(r) for r in c.excluded],
        "counts": {"a": c.a, "b": c.b, "c": c.c, "d": c.d},
        "min_count": c.min_count,
        "shown": c.shown,
        "res": c.res,
        "ci95": [c.ci_low, c.ci_high] if c.shown else None,
        "caveat": i18n.t("res_caveat", lang),
        "not_shown_reason": None if c.shown else hidden,
    }


def report_json(r: MonthlyReport) -> dict[str, Any]:
    """The whole report."""
    req, lang = r.request, r.request.lang
    return {
        "report": "monthly",
        "lang": lang,
        "month": f"{req.month:%Y-%m}",
        "cumulative_since": f"{req.since:%Y-%m}",
        "generated_at": r.generated_at.astimezone(LOCAL_TZ).isoformat(),
        "unit": {
            "code": r.total.code,
            "name": r.total.name,
            "level": r.total.level,
            "valid_from": r.valid_from.isoformat(),
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
        },
        "units_as_of": r.units_on.isoformat(),
        "former_territory": r.former,
        "incident_types": {k: i18n.incident_type(k, lang) for k in TYPES},
        "boundaries": boundaries_json(r.boundaries, lang),
        "area_basis": r.area_basis,
        "units": [unit_json(u, lang) for u in r.rows],
        "communes_without_active_camera": [ref_json(c) for c in r.communes_without_active],
        "trend": [
            {
                "month": f"{p.month:%Y-%m}",
                "incidents": p.incidents,
                "clarified_with_footage": p.clarified,
            }
            for p in r.trend
        ],
        "camera_contributions": [contribution_json(c) for c in r.contributors],
        "cameras_without_contribution": {
            "installed_before": r.idle_since.isoformat(),
            "count": len(r.idle),
            "cameras": [contribution_json(c) for c in r.idle],
        },
        "outcome_comparison": comparison_json(r.comparison, lang),
        "notes": r.notes,
    }
