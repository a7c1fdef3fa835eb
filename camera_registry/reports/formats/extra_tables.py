"""Report tables of lists (communes without cameras, camera contributions) and the comparison."""

from __future__ import annotations

from typing import Any

from camera_registry.reports import i18n
from camera_registry.reports.figures import CameraContribution, MonthlyReport
from camera_registry.reports.formats.base import Column, Table, columns, ratio


def without_table(r: MonthlyReport, lang: str) -> Table:
    """The communes with no active camera at month end."""
    cols = columns(lang, ("commune_code", "text"), ("commune", "text"))
    rows: list[list[Any]] = [[c.code, c.name] for c in r.communes_without_active]
    return Table("without", i18n.t("t_without", lang), cols, rows)


def _camera_cols(lang: str) -> list[Column]:
    return columns(
        lang,
        ("camera", "text"), ("commune_code", "text"), ("commune", "text"),
        ("ownership", "text"), ("programme", "text"), ("installed_on", "date"),
        ("status_end", "text"), ("contrib_total", "int"), ("contrib_recent", "int"),
        ("contrib_clarified", "int"),
    )  # fmt: skip


def _camera_row(c: CameraContribution, lang: str) -> list[Any]:
    return [
        c.code, c.commune.code, c.commune.name, i18n.ownership(c.ownership, lang),
        c.programme or "", c.installed_on, i18n.status(c.status_at_end, lang),
        c.total, c.last_12_months, c.clarified,
    ]  # fmt: skip


def contributors_table(r: MonthlyReport, lang: str) -> Table:
    """Cameras ranked by the incidents their footage helped."""
    cols = [Column("rank", i18n.t("rank", lang)), *_camera_cols(lang)]
    rows = [[i, *_camera_row(c, lang)] for i, c in enumerate(r.contributors, start=1)]
    return Table("contributors", i18n.t("t_contributors", lang), cols, rows, wide=True)


def idle_table(r: MonthlyReport, lang: str) -> Table:
    """Cameras in service that helped no incident in the last 12 months."""
    rows = [_camera_row(c, lang) for c in r.idle]
    return Table("idle", i18n.t("t_idle", lang), _camera_cols(lang), rows, wide=True)


def list_tables(r: MonthlyReport, lang: str) -> list[Table]:
    """The list tables, in reading order."""
    return [without_table(r, lang), contributors_table(r, lang), idle_table(r, lang)]


def comparison_tables(r: MonthlyReport, lang: str) -> list[Table]:
    """The two groups' before/after counts, and the RES with its CI (when shown)."""
    c = r.comparison
    cols = columns(lang, ("code", "text"), ("group", "text"), ("communes", "int"))
    cols += columns(lang, ("before", "int"), ("after", "int"), ("change_rate", "rate"))
    rows: list[list[Any]] = [
        ["treated", i18n.t("treated", lang), len(c.treated), c.a, c.b, ratio(c.b - c.a, c.a)],
        ["control", i18n.t("control", lang), len(c.control), c.c, c.d, ratio(c.d - c.c, c.c)],
    ]
    found = [Table("comparison", i18n.t("t_comparison", lang), cols, rows)]
    if c.shown:
        effect_cols = columns(
            lang, ("code", "text"), ("res", "ratio"), ("ci_low", "ratio"), ("ci_high", "ratio")
        )
        rows = [["res", c.res, c.ci_low, c.ci_high]]
        found.append(Table("effect", i18n.t("t_effect", lang), effect_cols, rows))
    return found
