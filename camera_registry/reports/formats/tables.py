"""The report as a list of tables: what CSV, Excel, HTML and PDF show, cell for cell.

Each cell holds a raw value (int, float, str, date or None); each column says
how to show it (``kind``): ``int``, ``hours``, ``rate`` (a fraction shown as a
percentage), ``km2``, ``ratio``, ``date``, ``month`` or ``text``.  Building
every format from the same tables is what makes them carry the same numbers.
"""

from __future__ import annotations

from typing import Any

from camera_registry.reports import i18n
from camera_registry.reports.figures import TYPES, MonthlyReport, TypeFigures, UnitFigures
from camera_registry.reports.formats.base import Column, Table, columns, ratio, unit_columns
from camera_registry.reports.formats.extra_tables import comparison_tables, list_tables


def cameras_table(r: MonthlyReport, lang: str) -> Table:
    """Cameras of the unit and each child."""
    cols = unit_columns(lang) + columns(
        lang,
        ("installed", "int"), ("in_service", "int"), ("active", "int"),
        ("active_hours", "hours"), ("service_hours", "hours"), ("uptime", "rate"),
        ("communes_active", "int"), ("communes_total", "int"), ("communes_rate", "rate"),
        ("communes_bounded", "int"),
    )  # fmt: skip
    rows = []
    for u in r.rows:
        c = u.cameras
        rows.append([
            u.code, u.name, c.installed_in_month, c.in_service, c.active_at_end,
            c.active_hours, c.service_hours, ratio(c.active_hours, c.service_hours),
            c.communes_with_active, c.communes_total,
            ratio(c.communes_with_active, c.communes_total), u.boundaries.with_boundary,
        ])  # fmt: skip
    return Table("cameras", i18n.t("t_cameras", lang), cols, rows, wide=True)


def ownership_table(r: MonthlyReport, lang: str) -> Table:
    """Cameras in service by ownership."""
    kinds = list(r.total.cameras.by_ownership)
    cols = unit_columns(lang) + [Column(k, i18n.ownership(k, lang)) for k in kinds]
    cols.append(Column("total", i18n.t("total", lang)))
    rows = [
        [u.code, u.name, *(u.cameras.by_ownership[k] for k in kinds), u.cameras.in_service]
        for u in r.rows
    ]
    return Table("ownership", i18n.t("t_ownership", lang), cols, rows)


def programmes_table(r: MonthlyReport, lang: str) -> Table:
    """Cameras in service by programme."""
    names = sorted({p for u in r.rows for p in u.cameras.by_programme})
    label = {p: p or i18n.t("no_programme", lang) for p in names}
    cols = unit_columns(lang) + [Column(f"programme:{p}", label[p]) for p in names]
    cols.append(Column("total", i18n.t("total", lang)))
    rows = [
        [u.code, u.name, *(u.cameras.by_programme.get(p, 0) for p in names), u.cameras.in_service]
        for u in r.rows
    ]
    return Table("programmes", i18n.t("t_programmes", lang), cols, rows)


def _incident_row(u: UnitFigures) -> list[Any]:
    m, p, ly, cum = u.month, u.previous_month, u.same_month_last_year, u.cumulative
    return [
        u.code, u.name, m.incidents, m.footage_available,
        ratio(m.footage_available, m.incidents), m.clarified, ratio(m.clarified, m.incidents),
        p.incidents, m.incidents - p.incidents, ratio(m.incidents - p.incidents, p.incidents),
        ly.incidents, ly.footage_available, ly.clarified,
        cum.incidents, cum.clarified, ratio(cum.clarified, cum.incidents),
    ]  # fmt: skip


def incidents_table(r: MonthlyReport, lang: str) -> Table:
    """Incidents of the unit and each child: the month, its comparisons, the cumulative period."""
    cols = unit_columns(lang) + columns(
        lang,
        ("incidents", "int"), ("footage", "int"), ("footage_rate", "rate"),
        ("clarified", "int"), ("clarified_rate", "rate"), ("previous", "int"),
        ("change", "int"), ("change_rate", "rate"), ("ly_incidents", "int"),
        ("ly_footage", "int"), ("ly_clarified", "int"), ("cum_incidents", "int"),
        ("cum_clarified", "int"), ("cum_rate", "rate"),
    )  # fmt: skip
    rows = [_incident_row(u) for u in r.rows]
    return Table("incidents", i18n.t("t_incidents", lang), cols, rows, wide=True)


def types_month_table(r: MonthlyReport, lang: str) -> Table:
    """The unit's incidents of the month by type, with the previous month and last year."""
    cols = columns(lang, ("code", "text"), ("type", "text")) + columns(
        lang,
        ("incidents", "int"), ("footage", "int"), ("footage_rate", "rate"),
        ("clarified", "int"), ("clarified_rate", "rate"), ("previous", "int"),
        ("change", "int"), ("ly_incidents", "int"), ("ly_footage", "int"),
        ("ly_clarified", "int"),
    )  # fmt: skip
    u = r.total
    blocks = (u.month, u.previous_month, u.same_month_last_year)
    lines: list[tuple[str, TypeFigures, TypeFigures, TypeFigures]] = [
        (k, u.month.by_type[k], u.previous_month.by_type[k], u.same_month_last_year.by_type[k])
        for k in TYPES
    ]
    m, p, ly = (TypeFigures(b.incidents, b.footage_available, b.clarified) for b in blocks)
    lines.append(("total", m, p, ly))
    rows = []
    for key, m, p, ly in lines:
        name = i18n.t("total", lang) if key == "total" else i18n.incident_type(key, lang)
        rows.append([
            key, name, m.incidents, m.footage_available,
            ratio(m.footage_available, m.incidents), m.clarified,
            ratio(m.clarified, m.incidents), p.incidents, m.incidents - p.incidents,
            ly.incidents, ly.footage_available, ly.clarified,
        ])  # fmt: skip
    month = i18n.month(r.request.month)
    return Table("types_month", i18n.t("t_types_month", lang, month=month), cols, rows)


def types_cumulative_table(r: MonthlyReport, lang: str) -> Table:
    """The unit's cumulative incidents and those clarified with footage, by type."""
    cols = columns(lang, ("code", "text"), ("type", "text"), ("incidents", "int"))
    cols += columns(lang, ("clarified", "int"), ("clarified_rate", "rate"))
    cum = r.total.cumulative
    rows: list[list[Any]] = [
        [k, i18n.incident_type(k, lang), f.incidents, f.clarified, ratio(f.clarified, f.incidents)]
        for k, f in cum.by_type.items()
    ]
    rows.append([
        "total", i18n.t("total", lang), cum.incidents, cum.clarified,
        ratio(cum.clarified, cum.incidents),
    ])  # fmt: skip
    req = r.request
    title = i18n.t(
        "t_types_cumulative", lang, since=i18n.month(req.since), month=i18n.month(req.month)
    )
    return Table("types_cumulative", title, cols, rows)


def matrix_table(r: MonthlyReport, lang: str, cumulative: bool) -> Table:
    """Units × types: this month's incidents, or cumulative incidents clarified with footage."""
    cols = unit_columns(lang) + [Column(k, i18n.incident_type(k, lang, short=True)) for k in TYPES]
    cols.append(Column("total", i18n.t("total", lang)))
    rows = []
    for u in r.rows:
        if cumulative:
            values = [u.cumulative.by_type[k].clarified for k in TYPES]
        else:
            values = [u.month.by_type[k].incidents for k in TYPES]
        rows.append([u.code, u.name, *values, sum(values)])
    req = r.request
    if cumulative:
        title = i18n.t("t_matrix_cumulative", lang, since=i18n.month(req.since))
        return Table("matrix_cumulative", title, cols, rows, wide=True)
    title = i18n.t("t_matrix_month", lang, month=i18n.month(req.month))
    return Table("matrix_month", title, cols, rows, wide=True)


def trend_table(r: MonthlyReport, lang: str) -> Table:
    """The unit's last 12 months."""
    cols = columns(lang, ("month", "month"), ("incidents", "int"), ("clarified", "int"))
    cols += columns(lang, ("clarified_rate", "rate"))
    rows = [[p.month, p.incidents, p.clarified, ratio(p.clarified, p.incidents)] for p in r.trend]
    return Table("trend", i18n.t("t_trend", lang), cols, rows)


def coverage_table(r: MonthlyReport, lang: str) -> Table | None:
    """Area in view of an active camera at month end (when computed)."""
    if r.total.coverage is None:
        return None
    cols = unit_columns(lang) + columns(lang, ("area", "km2"), ("covered", "km2"))
    cols += columns(lang, ("covered_share", "rate"))
    rows = []
    for u in r.rows:
        cov = u.coverage
        assert cov is not None
        rows.append(
            [u.code, u.name, cov.area_km2, cov.covered_km2, ratio(cov.covered_km2, cov.area_km2)]
        )
    return Table("coverage", i18n.t("t_coverage", lang), cols, rows)


def tables(r: MonthlyReport) -> list[Table]:
    """Every table of the report, in reading order."""
    lang = r.request.lang
    found: list[Table | None] = [
        cameras_table(r, lang),
        ownership_table(r, lang),
        programmes_table(r, lang),
        coverage_table(r, lang),
        incidents_table(r, lang),
        types_month_table(r, lang),
        types_cumulative_table(r, lang),
        matrix_table(r, lang, cumulative=False),
        matrix_table(r, lang, cumulative=True),
        trend_table(r, lang),
        *list_tables(r, lang),
        *comparison_tables(r, lang),
    ]
    return [t for t in found if t is not None]
