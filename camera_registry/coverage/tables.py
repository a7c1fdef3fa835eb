"""Rich tables and number formats of the coverage CLI (Vietnamese first).

Numbers are written the Vietnamese way (1.234,56), dates as dd/mm/yyyy.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from camera_registry.coverage import presenters
from camera_registry.coverage.params import Period
from camera_registry.coverage.snapshot import Figures

console = Console()


def parse_day(text: str | None) -> date | None:
    """A date written dd/mm/yyyy or yyyy-mm-dd."""
    if text is None:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"{text!r}: ngày dạng dd/mm/yyyy / a date as dd/mm/yyyy")


_VI_DIGITS = str.maketrans({",": ".", ".": ","})


def num(value: float | None, digits: int = 2) -> str:
    """A number the Vietnamese way: 1.234,56."""
    return "–" if value is None else f"{value:,.{digits}f}".translate(_VI_DIGITS)


def pct(value: float | None) -> str:
    """A share as a Vietnamese percentage: 12,34 %."""
    return "–" if value is None else f"{num(value * 100)} %"


def header(at: Any, period: Period | None = None) -> None:
    """Print the unit, the date, the period, notes on the version and the boundaries loaded."""
    unit = at.unit
    console.print(f"[bold]{unit.name}[/bold] ({unit.code}) — {presenters.level_label(unit.level)}")
    line = f"Ngày / date: {at.on:%d/%m/%Y}"
    if period is not None:
        line += f" · Kỳ / period: {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}"
    console.print(line)
    if at.note:
        console.print(f"[yellow]{at.note}[/yellow]")
    land = at.territory
    console.print(land.boundaries.label())
    if land.note:
        console.print(f"[yellow]{land.note}[/yellow]")


def figure_rows(f: Figures) -> list[tuple[str, str]]:
    """The figures of an area as (label, value) rows."""
    rows = [
        ("Diện tích / area (km²)", num(f.area_km2)),
        (
            "Camera (tổng / hoạt động) / cameras (total / active)",
            f"{f.cameras_total} / {f.cameras_active}",
        ),
        ("Camera hoạt động mỗi km² / active per km²", num(f.per_km2(f.cameras_active), 3)),
        (
            "Camera hoạt động mỗi 1.000 dân / active per 1,000 residents",
            num(f.per_1000(f.cameras_active), 3),
        ),
        ("Diện tích trong tầm camera / area in view (km²)", num(f.covered_km2, 3)),
        ("Tỷ lệ diện tích được phủ / share covered", pct(f.covered_share)),
        ("Sự việc trong kỳ / incidents in period", str(f.incidents_total)),
        (
            "… trong tầm camera đang hoạt động / in a working view",
            f"{f.incidents_in_view} ({pct(f.incidents_in_view_share)})",
        ),
    ]
    if f.roads_km is not None:
        rows.append(
            (
                "Đường trong tầm camera / roads in view (km)",
                f"{num(f.roads_in_view_km, 3)} / {num(f.roads_km, 3)} "
                f"({pct(f.roads_in_view_share)})",
            )
        )
    return rows


def table(title: str, columns: list[str], rows: list[list[str]] | list[tuple[str, str]]) -> None:
    """Print a rich table."""
    grid = Table(title=title)
    for name in columns:
        grid.add_column(name)
    for row in rows:
        grid.add_row(*row)
    console.print(grid)


def write(path: Path | None, body: dict[str, Any]) -> None:
    """Write a GeoJSON body to a file when one was asked for."""
    if path is not None:
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        console.print(f"[green]GeoJSON → {path}[/green]")
