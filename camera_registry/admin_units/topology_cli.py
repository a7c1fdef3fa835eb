"""``camreg units check`` and ``camreg export units``.

The check prints the topology report of the loaded boundaries as a table and
fails (exit 1) when units overlap, leave gaps or stick out of their parent, so
a script can stop before importing cameras against bad boundaries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from camera_registry.admin_units.export import UNIT_FORMATS, export_units
from camera_registry.admin_units.export_queries import codes_under
from camera_registry.admin_units.topology import FAULTS, TopologyFinding, check_topology
from camera_registry.cli_support import cli_session
from camera_registry.coverage.tables import num, parse_day
from camera_registry.timeutil import today_local
from camera_registry.vocab import Level

units_app = typer.Typer(help="Đơn vị hành chính / administrative units.", no_args_is_help=True)
console = Console()

Province = Annotated[str | None, typer.Option(help="Mã tỉnh / province GSO code")]
On = Annotated[str | None, typer.Option("--on", help="Ngày / date (dd/mm/yyyy; mặc định hôm nay)")]
KIND_LABELS = {
    "overlap": "Chồng lấn / overlap",
    "gap": "Khoảng trống / gap",
    "outside_parent": "Ngoài đơn vị cấp trên / outside parent",
    "area_mismatch": "Lệch diện tích / area mismatch",
    "parent_without_boundary": "Cấp trên chưa có ranh giới / parent without boundary",
}


def _measure(finding: TopologyFinding) -> str:
    if finding.kind == "area_mismatch":
        return f"{num(finding.measure, 1)} %"
    if finding.kind == "parent_without_boundary":
        return f"{finding.measure:.0f} đơn vị / units"
    return f"{num(finding.measure, 0)} m²"


def _print(findings: list[TopologyFinding]) -> None:
    table = Table(title="Kiểm tra ranh giới / boundary topology check")
    for head in ("Loại / kind", "Mã / code", "Mã liên quan / other", "Số đo / measure"):
        table.add_column(head, no_wrap=head.startswith("Mã"))
    table.add_column("Ghi chú / message", overflow="fold")
    for f in findings:
        table.add_row(KIND_LABELS[f.kind], f.code, f.other_code or "", _measure(f), f.message)
    console.print(table)


@units_app.command("check")
def check_command(ctx: typer.Context, province: Province = None, on: On = None) -> None:
    """Kiểm tra ranh giới — overlaps, gaps, units outside their parent, area mismatches."""
    day = parse_day(on) or today_local()
    with cli_session(ctx, console) as session:
        codes = None
        if province is not None:
            codes = codes_under(session, code=province, on=day)
            if not codes:
                console.print(f"[red]Không có đơn vị {province} / no unit {province} on {day}")
                raise typer.Exit(2)
        findings = check_topology(session, codes=codes, on=day)
    if not findings:
        console.print("[green]Không phát hiện lỗi ranh giới / no topology problem found.")
        return
    _print(findings)
    if any(f.kind in FAULTS for f in findings):
        raise typer.Exit(1)


def export_units_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp ghi ra / file to write")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="geojson, gpkg (mặc định theo đuôi tệp)")
    ] = None,
    province: Province = None,
    level: Annotated[Level | None, typer.Option(help="Cấp / level")] = None,
    on: On = None,
    with_missing: Annotated[
        bool, typer.Option(help="Cả đơn vị chưa có ranh giới / also units without a boundary")
    ] = False,
) -> None:
    """Xuất đơn vị hành chính — export administrative units (GeoJSON or GeoPackage)."""
    chosen = fmt or ("gpkg" if output.suffix.lower() == ".gpkg" else "geojson")
    if chosen not in UNIT_FORMATS:
        raise typer.BadParameter(f"{chosen!r}: geojson or gpkg", param_hint="--format")
    day = parse_day(on)
    with cli_session(ctx, console) as session, console.status("Đang xuất / exporting…"):
        result = export_units(
            session, fmt=chosen, province=province, level=level, on=day, with_missing=with_missing
        )
    output.write_bytes(result.content)
    console.print(f"[green]{result.count} đơn vị / units written to {output}")
