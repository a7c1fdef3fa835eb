"""The report as HTML (Jinja2 template + CSS) and as PDF (that HTML through WeasyPrint).

The PDF embeds its fonts (DejaVu Sans, which has every Vietnamese glyph;
Debian package ``fonts-dejavu-core``) and draws the charts as vectors.  Long
camera lists are cut at :data:`LIST_LIMIT` rows in print, with the number left
out; the Excel, CSV and JSON files carry them whole.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from camera_registry.reports import charts, i18n
from camera_registry.reports.figures import TYPES, MonthlyReport
from camera_registry.reports.formats.base import Table
from camera_registry.reports.formats.display import show
from camera_registry.reports.formats.tables import tables
from camera_registry.reports.params import last_day

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: Most rows of a camera list printed in HTML/PDF.
LIST_LIMIT = 60
#: Tables whose first column is a key for machines (shown in CSV/Excel, not in print).
KEYLESS = frozenset({"types_month", "types_cumulative", "comparison", "effect"})
#: Tables whose first row is the unit itself (printed in bold).
UNIT_TABLES = frozenset(
    {"cameras", "ownership", "programmes", "coverage", "incidents", "matrix_month",
     "matrix_cumulative"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["show"] = show
    return env


def _cut(table: Table) -> tuple[Table, int]:
    """A list table cut to :data:`LIST_LIMIT` rows, and how many rows were cut."""
    if table.key not in ("idle", "contributors") or len(table.rows) <= LIST_LIMIT:
        return table, 0
    return replace(table, rows=table.rows[:LIST_LIMIT]), len(table.rows) - LIST_LIMIT


def _charts(report: MonthlyReport) -> dict[str, Markup]:
    lang, month = report.request.lang, i18n.month(report.request.month)
    month_block = report.total.month.by_type
    bars = [(i18n.incident_type(k, lang), month_block[k].incidents, month_block[k].clarified)
            for k in TYPES]  # fmt: skip
    return {
        "bar": Markup(charts.bar_chart(bars, lang, i18n.t("c_bar", lang, month=month))),
        "line": Markup(charts.line_chart(report.trend, lang, i18n.t("c_line", lang))),
        "map": Markup(charts.map_chart(report.map_areas, lang, i18n.t("c_map", lang))),
    }


def context(report: MonthlyReport) -> dict[str, Any]:
    """What the template needs."""
    req, lang = report.request, report.request.lang
    cut = [_cut(t) for t in tables(report)]
    c = report.comparison
    return {
        "r": report,
        "lang": lang,
        "t": lambda key, **kw: i18n.t(key, lang, **kw),
        "tables": cut,
        "keyless": KEYLESS,
        "unit_tables": UNIT_TABLES,
        "charts": _charts(report),
        "month": i18n.month(req.month),
        "since": i18n.month(req.since),
        "period": i18n.t(
            "period", lang, start=i18n.day(req.month), end=i18n.day(last_day(req.month))
        ),
        "units_on": i18n.day(report.units_on),
        "idle_note": i18n.t("note_idle", lang, day=i18n.day(report.idle_since)),
        "generated": i18n.moment(report.generated_at),
        "res_windows": i18n.t(
            "res_windows",
            lang,
            b0=i18n.month(c.before[0]),
            b1=i18n.month(c.before[1]),
            g0=i18n.month(c.gain[0]),
            g1=i18n.month(c.gain[1]),
            a0=i18n.month(c.after[0]),
            a1=i18n.month(c.after[1]),
            excluded=len(c.excluded),
        ),  # fmt: skip
        "res_hidden": i18n.t("res_hidden", lang, min=c.min_count, a=c.a, b=c.b, c=c.c, d=c.d),
    }


def write_html(report: MonthlyReport) -> str:
    """The report as a standalone HTML page (CSS inline, charts as inline SVG)."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    template = _environment().get_template("report.html.j2")
    return template.render(css=Markup(css), **context(report))


def write_pdf(report: MonthlyReport) -> bytes:
    """The report as PDF (A4; wide tables on landscape pages)."""
    from weasyprint import HTML  # noqa: PLC0415 — heavy import, only for PDF

    pdf: bytes = HTML(string=write_html(report), base_url=str(TEMPLATES)).write_pdf()
    return pdf
