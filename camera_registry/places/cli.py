"""``camreg import places FILE``: load a gazetteer file (CSV, XLSX, GeoJSON)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.cli_support import cli_session, cli_settings, open_session, spinner
from camera_registry.places.importer import ImportReport, import_places
from camera_registry.places.reader import UnreadableFile

console = Console()
MAX_SHOWN_ERRORS = 50


def _errors(report: ImportReport) -> Table:
    table = Table(title=f"{len(report.errors)} dòng lỗi / rows refused — nothing was written")
    for column in ("Dòng / Row", "Cột / Field", "Lý do / Reason"):
        table.add_column(column)
    for error in report.errors[:MAX_SHOWN_ERRORS]:
        table.add_row(str(error.row), error.field, error.reason)
    return table


def import_places_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX, GeoJSON")],
    crs: Annotated[
        str | None, typer.Option(help="CRS of X/Y columns, e.g. VN2000:105.5 or EPSG:9210")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Name of the source (default: file:<name>)")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Check only; write nothing")] = False,
) -> None:
    """Nhập danh mục địa danh — import gazetteer places (all rows or none)."""
    origin = source or f"file:{file.name}"
    settings = cli_settings(ctx)
    with (
        # open_session is this module's name for it, so that tests can substitute their session
        cli_session(ctx, console, opener=open_session) as session,
        spinner(console, f"Kiểm tra / checking {file.name}") as bar,
    ):
        try:
            report = import_places(
                session,
                path=file,
                source=origin,
                crs=crs,
                dry_run=dry_run,
                max_vertices=settings.max_geometry_vertices,
            )
        except UnreadableFile as exc:
            console.print(f"[red]{file.name}: {exc}")
            raise typer.Exit(2) from None
        if report.errors:
            session.rollback()
            bar.stop()
            console.print(_errors(report))
            raise typer.Exit(1)
        if report.written:
            _audit(session, file, origin, report)
            session.commit()
    if report.written:
        console.print(
            f"[green]{report.rows} rows: {report.inserted} new, {report.updated} updated[/green]"
        )
    else:
        console.print(f"[green]{report.rows} rows checked, all good (dry run: nothing written)")


def _audit(session: Session, file: Path, origin: str, report: ImportReport) -> None:
    summary = {"source": origin, "inserted": report.inserted, "updated": report.updated}
    audit.record(
        session,
        action="places.import",
        actor=f"os:{getpass.getuser()}",
        object_type="file",
        object_id=file.name[:128],
        detail=json.dumps(summary, ensure_ascii=False),
    )
