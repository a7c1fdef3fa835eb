"""``camreg report --month 2023-05 --unit 390 --format pdf -o report.pdf``.

Identity, as for ``camreg who-covers``: ``--user NAME`` runs the report as that
registered user (their role decides what they may report on); without it the
operating-system login is used — as the registered user of that name if there
is one, otherwise as ``os:<login>`` with no role restriction (the operator
holds the database credentials).  Every generation is audited.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from camera_registry.accounts.cli import acting_principal
from camera_registry.cli_support import cli_session, cli_settings, open_session, spinner
from camera_registry.reports import queries, service
from camera_registry.reports.access import Reader
from camera_registry.reports.params import FORMATS, make_request

console = Console(stderr=True)
BINARY = ("xlsx", "pdf")


def reader_for(session: Session, user: str | None) -> Reader:
    """Who runs the command (see the module docstring)."""
    name, principal = acting_principal(session, user)
    return Reader.of(principal) if principal is not None else Reader(f"os:{name}", None)


def _format(fmt: str | None, output: Path | None) -> str:
    chosen = fmt or (output.suffix.lstrip(".").lower() if output else "json")
    if chosen not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    if chosen in BINARY and output is None:
        raise typer.BadParameter(f"{chosen} needs an output file", param_hint="-o")
    return chosen


def report_command(
    ctx: typer.Context,
    month: Annotated[str, typer.Option(help="Tháng / month: YYYY-MM or MM/YYYY")],
    unit: Annotated[str, typer.Option(help="Mã đơn vị / GSO code (commune, district, province)")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="json, csv, xlsx, html, pdf")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file")
    ] = None,
    lang: Annotated[str, typer.Option(help="vi (default) or en")] = "vi",
    since: Annotated[str | None, typer.Option(help="Lũy kế từ / cumulative since YYYY-MM")] = None,
    former: Annotated[
        bool, typer.Option(help="Địa bàn cũ / an abolished unit's territory")
    ] = False,
    user: Annotated[str | None, typer.Option(help="Registered user to act as")] = None,
) -> None:
    """Báo cáo tháng / monthly effectiveness report (PDF, Excel, CSV, JSON, HTML)."""
    settings = cli_settings(ctx)
    with (
        # open_session is this module's name for it, so that tests can substitute their session
        cli_session(ctx, console, opener=open_session) as session,
        spinner(console, f"Lập báo cáo / building the report of {unit} for {month}"),
    ):
        req = make_request(
            unit=unit,
            month=month,
            fmt=_format(fmt, output),
            lang=lang,
            since=since,
            default_since=settings.report_since,
            former=former,
        )
        reader = reader_for(session, user)
        out = service.generate(session, req=req, reader=reader, source_addr="cli")
    if output is None:
        sys.stdout.write(out.content.decode("utf-8"))
        return
    output.write_bytes(out.content)
    console.print(f"[green]{output}[/green] ({len(out.content):,} bytes)")


def tally_command(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option(help="Recount it from the incidents now")] = False,
) -> None:
    """Bảng đếm tháng / the monthly incident tally behind reports: size, or rebuild it.

    Triggers keep it (and the other report summaries: incidents with footage
    available, camera contributions) exact; rebuild them after loading
    incidents, clips, cameras or status events in a way that bypasses
    triggers (e.g. ``session_replication_role = replica``).
    """
    with cli_session(ctx, console, opener=open_session) as session:
        if rebuild:
            with spinner(console, "Đếm lại / recounting"):
                queries.rebuild_tally(session)
                session.commit()
        rows = queries.tally_rows(session)
    incidents = sum(n for n, *_ in rows.values())
    console.print(f"{len(rows):,} tally rows, {incidents:,} incidents counted")
