"""``camreg import units FILE``: load a province's published boundaries from the terminal.

The import machinery (GDAL, shapely, the database) is imported when the
command runs, so that ``camreg import units --help`` answers at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from camera_registry.cli_support import cli_session, cli_settings

if TYPE_CHECKING:
    from rich.console import Console

    from camera_registry.admin_units.importing.report import UnitImportReport

_STAGES = {
    "read": "Đọc tệp / reading",
    "validate": "Kiểm tra / validating boundaries",
    "write": "Ghi / writing units",
    "history": "Lịch sử / predecessors",
    "topology": "Kiểm tra topo / topology",
    "cameras": "Camera / re-deriving communes",
    "done": "Xong / done",
}
MAX_MOVES_SHOWN = 50


def _show_moves(console: Console, report: UnitImportReport) -> None:
    if not report.camera_moves:
        return
    verb = "would change" if not report.written else "changed"
    console.print(f"[bold]{len(report.camera_moves)} camera(s) {verb} commune / đổi xã:")
    for move in report.camera_moves[:MAX_MOVES_SHOWN]:
        arrow = f"{move['camera_code']}: {move['old_commune']} → {move['new_commune']}"
        console.print(f"  {move.get('message') or arrow}")
    if len(report.camera_moves) > MAX_MOVES_SHOWN:
        console.print(f"  … {len(report.camera_moves) - MAX_MOVES_SHOWN} more: see --report")


def import_units_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The boundary file")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="geojson, gpkg, shp (zip), kml, csv, xlsx")
    ] = None,
    layer: Annotated[str | None, typer.Option(help="Layer of a GeoPackage to read")] = None,
    crs: Annotated[
        str | None, typer.Option(help="CRS when the file declares none: EPSG:9210, VN2000:105.5…")
    ] = None,
    province: Annotated[
        str | None, typer.Option(help="Parent province code of rows that name none")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Check and report; write nothing")] = False,
    partial: Annotated[bool, typer.Option(help="Write the valid rows, report the rest")] = False,
    maps: Annotated[
        list[str] | None, typer.Option("--map", help='Column mapping "Header=field" (repeatable)')
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Mapping file (JSON/YAML)")
    ] = None,
    user: Annotated[str | None, typer.Option(help="Act as this user (an admin)")] = None,
    report: Annotated[Path | None, typer.Option(help="Write every issue to this CSV")] = None,
) -> None:
    """Nhập ranh giới đơn vị hành chính — import administrative boundaries."""
    # Imported here, not at the top: see the module docstring.
    from camera_registry.admin_units.importing.mapping import load_mapping, parse_map_options
    from camera_registry.admin_units.importing.service import UnitImportOptions, run_unit_import
    from camera_registry.imports.cli import cli_principal, console, import_progress, show_report
    from camera_registry.imports.mapping import UserMapping
    from camera_registry.imports.table import ImportSource

    settings = cli_settings(ctx)
    with cli_session(ctx, console) as session:
        user_map = (load_mapping(mapping) if mapping else UserMapping()).merged(
            parse_map_options(maps or [])
        )
        options = UnitImportOptions(
            fmt, layer, crs, province, dry_run, partial, user_map,
            max_vertices=settings.max_geometry_vertices,
        )  # fmt: skip
        with import_progress(_STAGES) as progress:
            result = run_unit_import(
                session,
                source=ImportSource.from_path(file),
                options=options,
                actor=cli_principal(session, user),
                progress=progress,
            )
    _show_moves(console, result)
    show_report(result, report)
    if result.failed:
        raise typer.Exit(1)
