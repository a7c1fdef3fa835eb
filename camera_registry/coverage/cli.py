"""``camreg coverage …`` and ``camreg import roads``: coverage answers as rich tables.

Dates are accepted as dd/mm/yyyy or yyyy-mm-dd and shown as dd/mm/yyyy;
labels are Vietnamese first.  The commands use the same services as the API.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from camera_registry.cli_support import cli_session, cli_settings
from camera_registry.coverage import plan_presenters, planning, presenters, roads, service, tables
from camera_registry.coverage.params import Period, make_period, pick_date

coverage_app = typer.Typer(
    help="Độ phủ camera và vùng trống / coverage, gaps, hot spots, placement.",
    no_args_is_help=True,
)
console = tables.console


On = Annotated[str | None, typer.Option("--on", help="Ngày / date (dd/mm/yyyy; mặc định hôm nay)")]
From = Annotated[str | None, typer.Option("--from", help="Từ ngày / period start")]
To = Annotated[str | None, typer.Option("--to", help="Đến ngày / period end")]
Out = Annotated[Path | None, typer.Option("-o", "--output", help="Ghi GeoJSON / write GeoJSON")]


def _when(on: str | None, start: str | None, end: str | None) -> tuple[date, Period]:
    day = pick_date(tables.parse_day(on), None)
    return day, make_period(day, tables.parse_day(start), tables.parse_day(end))


@coverage_app.command("unit")
def unit_cmd(
    ctx: typer.Context, code: str, on: On = None, start: From = None, end: To = None
) -> None:
    """Độ phủ của một đơn vị / coverage figures of a unit."""
    settings = cli_settings(ctx)
    with cli_session(ctx, console) as session:
        day, period = _when(on, start, end)
        report = service.unit_report(
            session, code=code, on=day, period=period, weights=settings.coverage_severity_weights
        )
    tables.header(report.at, report.period)
    rows = tables.figure_rows(report.figures)
    rows.append(("Đơn vị cấp dưới có camera / child units with a camera", report.children.label))
    if report.communes is not None:
        rows.append(("Xã có camera / communes with a camera", report.communes.label))
    rows.append(
        (
            "Camera theo xã khai báo / cameras by named commune (tổng / HĐ)",
            f"{report.given.total} / {report.given.active}",
        )
    )
    tables.table("Độ phủ / coverage", ["Chỉ tiêu / figure", "Giá trị / value"], rows)
    if report.communes is not None and report.communes.without:
        tables.table(
            "Xã chưa có camera / communes without a camera",
            ["Mã / code", "Tên / name"],
            [[b.code, b.name] for b in report.communes.without],
        )


@coverage_app.command("children")
def children_cmd(
    ctx: typer.Context, code: str, on: On = None, start: From = None, end: To = None
) -> None:
    """Độ phủ từng đơn vị cấp dưới / coverage of each child unit."""
    settings = cli_settings(ctx)
    with cli_session(ctx, console) as session:
        day, period = _when(on, start, end)
        report = service.children_report(
            session, code=code, on=day, period=period, weights=settings.coverage_severity_weights
        )
    tables.header(report.at, report.period)
    columns = [
        "Mã / code",
        "Tên / name",
        "Camera (tổng/HĐ)",
        "HĐ/km²",
        "Phủ / covered",
        "Sự việc / incidents",
        "Trong tầm / in view",
        "Ranh giới / boundaries",
    ]
    rows = [
        [
            b.code,
            b.name,
            f"{f.cameras_total}/{f.cameras_active}",
            tables.num(f.per_km2(f.cameras_active), 3),
            tables.pct(f.covered_share),
            str(f.incidents_total),
            tables.pct(f.incidents_in_view_share),
            land.boundaries.label("vi").removeprefix("Ranh giới: "),
        ]
        for b, f, land in report.rows
    ]
    tables.table("Đơn vị cấp dưới / child units", columns, rows)


@coverage_app.command("gaps")
def gaps_cmd(
    ctx: typer.Context,
    code: str,
    on: On = None,
    tolerance_m: Annotated[float, typer.Option(min=0, help="Đơn giản hóa / simplify (m)")] = 5.0,
    output: Out = None,
) -> None:
    """Vùng chưa có camera / where no active camera looks."""
    with cli_session(ctx, console) as session:
        day, _period = _when(on, None, None)
        report = service.gap_report(session, code=code, on=day, tolerance_m=tolerance_m)
    tables.header(report.at)
    f = report
    tables.table(
        "Vùng trống / gaps",
        ["Chỉ tiêu / figure", "Giá trị / value"],
        [
            ("Diện tích / area (km²)", tables.num(f.unit_km2)),
            (
                "Được phủ / covered (km²)",
                f"{tables.num(f.covered_km2, 3)} ({tables.pct(f.covered_share)})",
            ),
            ("Chưa phủ / gap (km²)", tables.num(report.gap_km2, 3)),
            ("Camera hoạt động / active cameras", str(f.cameras_active)),
        ],
    )
    tables.write(output, presenters.gaps_json(report))


@coverage_app.command("hotspots")
def hotspots_cmd(
    ctx: typer.Context,
    code: str,
    on: On = None,
    start: From = None,
    end: To = None,
    cell_m: Annotated[float, typer.Option(min=50, help="Cạnh ô lưới / cell side (m)")] = 500.0,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    output: Out = None,
) -> None:
    """Điểm nóng chưa có camera / hot spots of incidents outside any working view."""
    settings = cli_settings(ctx)
    with cli_session(ctx, console) as session:
        day, period = _when(on, start, end)
        report = service.hotspot_report(
            session,
            code=code,
            on=day,
            period=period,
            weights=settings.coverage_severity_weights,
            cell_m=cell_m,
            limit=limit,
        )
    tables.header(report.at, report.period)
    console.print(
        f"Sự việc ngoài tầm camera / incidents outside any working view: "
        f"{report.uncovered}/{report.incidents_total}"
    )
    rows = [
        [
            str(h.rank),
            h.cell.cell_id,
            str(h.cell.count),
            tables.num(h.cell.weight, 1),
            ", ".join(
                f"{presenters.incident_label(t).split(' / ')[0]} ×{n}"
                for t, n in sorted(h.by_type.items(), key=lambda kv: -kv[1])
            ),
        ]
        for h in report.cells
    ]
    tables.table(
        f"Điểm nóng (ô {cell_m:g} m) / hot spots",
        ["#", "Ô / cell", "Số vụ / count", "Trọng số / weight", "Loại / types"],
        rows,
    )
    tables.write(output, plan_presenters.hotspots_json(report))


@coverage_app.command("recommend")
def recommend_cmd(
    ctx: typer.Context,
    code: str,
    k: Annotated[int, typer.Option(min=1, max=200, help="Số camera / how many sites")] = 10,
    on: On = None,
    start: From = None,
    end: To = None,
    road_weight: Annotated[float, typer.Option(min=0, help="Trọng số mỗi km đường")] = 0.0,
    output: Out = None,
) -> None:
    """Vị trí đặt K camera tiếp theo / where the next K cameras should go."""
    s = cli_settings(ctx)
    with cli_session(ctx, console) as session, console.status("Đang tính / computing…"):
        day, period = _when(on, start, end)
        options = planning.PlanOptions(
            k,
            s.coverage_candidate_fov_deg,
            s.coverage_candidate_range_m,
            s.coverage_candidate_directions,
            road_weight,
            s.coverage_max_candidate_points,
            planner_grid_m=s.planner_grid_m,
        )
        report = planning.recommend(
            session,
            code=code,
            on=day,
            period=period,
            weights=s.coverage_severity_weights,
            options=options,
        )
    tables.header(report.at, report.period)
    rows = [
        [
            str(p.rank),
            f"{p.site.lat:.6f}, {p.site.lon:.6f}",
            f"{p.site.direction_deg:g}°",
            p.site.source,
            tables.num(p.gain, 1),
            tables.num(p.total, 1),
            str(p.incidents),
        ]
        for p in report.picks
    ]
    tables.table(
        "Đề xuất vị trí / recommended sites",
        [
            "#",
            "Vĩ độ, kinh độ / lat, lon",
            "Hướng / dir.",
            "Nguồn / source",
            "Tăng thêm / gain",
            "Lũy kế / total",
            "Sự việc / incidents",
        ],
        rows,
    )
    console.print(
        f"Tổng trọng số chưa phủ / uncovered weight: {tables.num(report.objective_max, 1)}; "
        "bảo đảm tham lam / greedy guarantee ≥ 63,2 % (1 − 1/e) của tối ưu / of optimum."
    )
    tables.write(output, plan_presenters.plan_json(report))


def import_roads_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="GeoJSON / GPKG …")],
    source: Annotated[
        str | None, typer.Option(help="Nguồn / source name (default: file name)")
    ] = None,
    layer: Annotated[str | None, typer.Option(help="Lớp / layer (GeoPackage)")] = None,
    name_field: Annotated[str | None, typer.Option(help="Cột tên / name attribute")] = None,
    kind_field: Annotated[str | None, typer.Option(help="Cột loại / class attribute")] = None,
    crs: Annotated[str | None, typer.Option(help="Hệ tọa độ nếu tệp không ghi / CRS")] = None,
    dry_run: Annotated[bool, typer.Option(help="Chỉ kiểm tra / check only")] = False,
) -> None:
    """Nhập lớp đường giao thông / import a roads layer (lines) for coverage."""
    s = cli_settings(ctx)
    with (
        cli_session(ctx, console) as session,
        console.status(f"Đang nhập / importing {file.name}…"),
    ):
        result = roads.import_roads(
            session,
            file,
            source=source,
            layer=layer,
            name_field=name_field,
            kind_field=kind_field,
            crs=crs,
            dry_run=dry_run,
            max_vertices=s.max_geometry_vertices,
        )
    if result.errors:
        tables.table(
            "Lỗi / errors (không ghi gì / nothing written)",
            ["Dòng / row", "Lý do / reason"],
            [[str(e.row), e.reason] for e in result.errors],
        )
        raise typer.Exit(1)
    verb = "kiểm tra / checked" if dry_run else "đã nhập / imported"
    console.print(
        f"[green]{result.read} đường {verb}[/green] (nguồn / source {result.source!r}; "
        f"thay thế / replaced {result.replaced})."
    )
