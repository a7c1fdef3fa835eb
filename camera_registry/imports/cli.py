"""``camreg import cameras FILE`` and ``camreg export cameras``: bulk work from the terminal."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.auth import Principal, principal_of
from camera_registry.cameras.queries import CameraFilter
from camera_registry.cli_support import cli_session, cli_settings
from camera_registry.exports.service import export_cameras
from camera_registry.imports.mapping import UserMapping, load_mapping, parse_map_options
from camera_registry.imports.report import ImportReport
from camera_registry.imports.service import ImportOptions, run_import
from camera_registry.imports.table import ImportSource
from camera_registry.vocab import Role

console = Console()
MAX_SHOWN = 50
_STAGES = {
    "read": "Đọc tệp / reading",
    "parse": "Đọc các ô / parsing cells",
    "validate": "Kiểm tra / validating, communes",
    "duplicates": "Tìm trùng lặp / duplicate check",
    "sectors": "Vùng quan sát / view sectors",
    "write": "Ghi / writing",
}


def cli_principal(session: Session, username: str | None) -> Principal:
    """Who a command acts as: ``--user``'s account, else an admin named after the OS user."""
    if username is None:
        return Principal(user_id=0, username=f"cli:{getpass.getuser()}", role=Role.ADMIN)
    user = accounts.get_user(session, username=username)
    if user is None:
        console.print(f"[red]No user {username!r}.")
        raise typer.Exit(2)
    return principal_of(user, session)


def _issues_table(report: ImportReport) -> Table:
    shown = sorted(report.issues, key=lambda i: (i.row, i.severity != "error"))[:MAX_SHOWN]
    table = Table(
        title=f"{len(report.errors)} lỗi / errors, {len(report.warnings)} cảnh báo / warnings"
    )
    for column in (
        "Dòng / Row",
        "Cột / Column",
        "Giá trị / Value",
        "Mức / Level",
        "Lý do / Reason",
    ):
        table.add_column(column, overflow="fold")
    for issue in shown:
        style = "red" if issue.severity == "error" else "yellow"
        level = "lỗi" if issue.severity == "error" else "cảnh báo"
        table.add_row(str(issue.row), issue.column, issue.value, f"[{style}]{level}", issue.reason)
    return table


def _mapping(
    maps: list[str] | None, mapping: Path | None, sheet: str | None, drop: list[str] | None
) -> UserMapping:
    found = load_mapping(mapping) if mapping else UserMapping()
    chosen = UserMapping(sheet=sheet, drop=tuple(d.strip() for d in drop or () if d.strip()))
    return found.merged(parse_map_options(maps or [])).merged(chosen)


def show_report(report: ImportReport, report_path: Path | None) -> None:
    """Print an import's notes, issues and summary; write every issue to ``report_path``."""
    for note in report.notes:
        console.print(f"[dim]• {note}")
    if report.issues:
        console.print(_issues_table(report))
        if len(report.issues) > MAX_SHOWN:
            console.print(f"… {len(report.issues) - MAX_SHOWN} more: see --report FILE.csv")
    if report_path is not None:
        report_path.write_bytes(report.to_csv())
        console.print(f"Report written to {report_path}")
    colour = "green" if report.written and not report.failed else "yellow"
    console.print(f"[{colour}]{report.summary()}")


@contextmanager
def import_progress(stages: dict[str, str]) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar for an import's ``progress(stage, done, total)`` callback.

    ``stages`` names each stage for the bar (Vietnamese / English); it starts at "read".
    """
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(stages["read"], total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stages.get(stage, stage), completed=done,
                       total=total or None)  # fmt: skip

        yield progress


def import_cameras_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The camera list")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, xlsx, xls, ods, geojson, gpkg, shp, kml")
    ] = None,
    crs: Annotated[
        str | None, typer.Option(help="CRS of the coordinates: EPSG:9210, 'VN2000:105.5', …")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Check and report; write nothing")] = False,
    partial: Annotated[bool, typer.Option(help="Write the valid rows, report the rest")] = False,
    maps: Annotated[
        list[str] | None, typer.Option("--map", help='Column mapping "Header=field" (repeatable)')
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Mapping file (JSON/YAML)")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            help="Read only this worksheet (name, or number from 1); default: every "
            "sheet with a header"
        ),
    ] = None,  # fmt: skip
    drop: Annotated[
        list[str] | None,
        typer.Option(
            help="Remove this column as soon as the file is read, e.g. personal notes "
            "(repeatable); its cells are never checked, logged or reported"
        ),
    ] = None,  # fmt: skip
    user: Annotated[str | None, typer.Option(help="Act as this user (role and communes)")] = None,
    report: Annotated[Path | None, typer.Option(help="Write every issue to this CSV")] = None,
) -> None:
    """Nhập danh sách camera — import cameras from CSV, XLSX/XLS/ODS, GeoJSON, GPKG, SHP, KML."""
    settings = cli_settings(ctx)
    with cli_session(ctx, console) as session, import_progress(_STAGES) as progress:
        cores = min(2, os.cpu_count() or 1)
        options = ImportOptions(
            fmt, crs, dry_run, partial, _mapping(maps, mapping, sheet, drop), cores,
            max_vertices=settings.max_geometry_vertices,
        )  # fmt: skip
        result = run_import(
            session,
            source=ImportSource.from_path(file),
            options=options,
            actor=cli_principal(session, user),
            progress=progress,
        )
    show_report(result, report)
    if result.failed:
        raise typer.Exit(1)


def export_cameras_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write")],
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx, geojson, gpkg")] = "csv",
    commune: Annotated[str | None, typer.Option(help="Commune GSO code")] = None,
    district: Annotated[str | None, typer.Option(help="District GSO code")] = None,
    province: Annotated[str | None, typer.Option(help="Province GSO code")] = None,
    user: Annotated[str | None, typer.Option(help="Export as this user (privacy)")] = None,
) -> None:
    """Xuất danh sách camera — export cameras (holder columns only where allowed)."""
    flt = CameraFilter(unit_codes=tuple(c for c in (commune, district, province) if c))
    with cli_session(ctx, console) as session, console.status("Exporting…"):
        result = export_cameras(session, flt=flt, user=cli_principal(session, user), fmt=fmt)
    output.write_bytes(result.content)
    console.print(f"[green]{result.count} cameras written to {output}")
