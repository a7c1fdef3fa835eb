"""``camreg backup`` and ``camreg restore``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from camera_registry.backup.checksums import table_checksums
from camera_registry.backup.service import BackupError, backup, restore
from camera_registry.backup.verify import verify_chains
from camera_registry.cli_support import cli_session, cli_settings

console = Console()


def backup_command(
    ctx: typer.Context, target: Annotated[Path, typer.Argument(help="Backup file to write")]
) -> None:
    """Sao lưu — back up the whole registry (SQLite backup API or pg_dump -Fc)."""
    try:
        backup(cli_settings(ctx).database_url, target)
    except BackupError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from None
    console.print(f"[green]Backup written[/green]: {target} ({target.stat().st_size:,} bytes)")


def restore_command(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Backup file to restore")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Khôi phục — replace the registry with a backup, then verify every hash chain."""
    url = cli_settings(ctx).database_url
    if not yes:
        typer.confirm(f"Replace everything in {url} with {source}?", abort=True)
    try:
        restore(url, source)
    except BackupError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from None
    with cli_session(ctx, console) as session:
        sums = table_checksums(session)
        report = verify_chains(session)
    table = Table("Bảng / table", "Số dòng / rows", "SHA-256")
    for name, (rows, digest) in sums.items():
        table.add_row(name, f"{rows:,}".replace(",", "."), digest[:16])
    console.print(table)
    if not report.ok:
        console.print(
            f"[red]Hash chains broken[/red]: evidence {list(report.broken_evidence)}, "
            f"audit row {report.audit_first_broken}"
        )
        raise typer.Exit(1)
    console.print(
        f"[green]Restored[/green]; {report.evidence_checked} custody chains and the "
        "audit trail verify."
    )
