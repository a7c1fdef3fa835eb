"""``camreg audit …``: check the audit trail."""

from __future__ import annotations

import typer
from rich.console import Console

from camera_registry.audit import service as audit
from camera_registry.cli_support import cli_session

audit_app = typer.Typer(help="Nhật ký kiểm toán / audit trail.", no_args_is_help=True)
console = Console()


@audit_app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Kiểm tra chuỗi băm — verify the hash chain; names the first broken row."""
    with cli_session(ctx, console) as session:
        broken = audit.first_broken(session)
        total = audit.count(session)
    if broken is None:
        console.print(f"[green]Audit trail intact[/green]: {total} rows verified.")
        return
    console.print(f"[red]Audit trail broken at row id {broken}[/red] (of {total} rows).")
    raise typer.Exit(1)
