"""``camreg``: everything an operator does without a browser."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.exc import OperationalError, ProgrammingError

from camera_registry import migrate
from camera_registry.accounts.cli import key_app, user_app
from camera_registry.admin_units.importing.cli import import_units_command
from camera_registry.admin_units.national import load_national
from camera_registry.admin_units.topology_cli import export_units_command, units_app
from camera_registry.audit.cli import audit_app
from camera_registry.backup.cli import backup_command, restore_command
from camera_registry.coverage.cli import coverage_app, import_roads_command
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.errors import DomainError
from camera_registry.imports.cli import export_cameras_command, import_cameras_command
from camera_registry.incidents.cli import evidence_app, incident_app
from camera_registry.incidents.requests.cli import requests_app
from camera_registry.lookup.cli import who_covers
from camera_registry.places.cli import import_places_command
from camera_registry.reports.cli import report_command, tally_command
from camera_registry.settings import Settings
from camera_registry.system.service import is_loopback

app = typer.Typer(
    help="camreg — sổ đăng ký camera an ninh / camera-network registry.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
app.add_typer(key_app, name="key")
app.add_typer(audit_app, name="audit")
app.add_typer(incident_app, name="incident")
app.add_typer(evidence_app, name="evidence")
app.add_typer(requests_app, name="footage-requests")
app.add_typer(coverage_app, name="coverage")
import_app = typer.Typer(help="Nhập dữ liệu / import data files.", no_args_is_help=True)
app.add_typer(import_app, name="import")
import_app.command("roads")(import_roads_command)
import_app.command("places")(import_places_command)
import_app.command("cameras")(import_cameras_command)
import_app.command("units")(import_units_command)
export_app = typer.Typer(help="Xuất dữ liệu / export data files.", no_args_is_help=True)
app.add_typer(export_app, name="export")
export_app.command("cameras")(export_cameras_command)
export_app.command("units")(export_units_command)
app.add_typer(units_app, name="units")
app.command("who-covers")(who_covers)
app.command("report")(report_command)
app.command("report-tally")(tally_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
console = Console()
OUTDATED = (
    "CSDL chưa được tạo hoặc cũ hơn phiên bản camreg này — the database has no schema or an "
    "older one than this camreg: run `camreg init` first."
)


def main() -> None:
    """The ``camreg`` entry point: an outdated or empty database gets a hint, not a trace."""
    try:
        app()
    except (OperationalError, ProgrammingError):
        if migrate.is_current(make_engine(_settings().database_url)):
            raise
        console.print(f"[red]{OUTDATED}")
        raise SystemExit(1) from None


def _settings() -> Settings:
    return Settings()


@app.command()
def init(
    units: Annotated[
        bool, typer.Option(help="Nạp danh mục đơn vị hành chính / load the national unit list")
    ] = True,
) -> None:
    """Tạo/cập nhật CSDL — create or migrate the database, then load the national unit list."""
    settings = _settings()
    migrate.upgrade(settings.database_url)
    console.print(f"[green]Database ready[/green]: {settings.database_url}")
    if not units:
        return
    engine = make_engine(settings.database_url)
    with Progress(console=console) as bar, make_sessionmaker(engine)() as session:
        task = bar.add_task("Danh mục đơn vị hành chính / national unit list", total=None)
        counts = load_national(
            session,
            progress=lambda label, done, total: bar.update(
                task, completed=done, total=total, description=f"Đơn vị / units: {label}"
            ),
        )
        session.commit()
    engine.dispose()
    console.print(counts.summary(), soft_wrap=True)


@app.command()
def demo() -> None:
    """Nạp dữ liệu mẫu — load the Cẩm Thủy and Đắk Nông demo (idempotent)."""
    from camera_registry.demo.generate import generate  # noqa: PLC0415 — slow import
    from camera_registry.demo.loader import load_demo  # noqa: PLC0415

    settings = _settings()
    migrate.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    with Progress(console=console) as bar, make_sessionmaker(engine)() as session:
        task = bar.add_task("Generating the demo dataset", total=None)
        data = generate()
        bar.update(task, description="Loading", total=6, completed=1)
        try:
            load_demo(
                session,
                data,
                lambda label, n: bar.update(task, advance=1, description=f"Loaded {n} {label}"),
            )
        except DomainError as exc:
            console.print(f"[yellow]{exc.detail}[/yellow] Nothing was changed.")
            return
        bar.update(task, completed=6)
    console.print(
        f"[green]Demo loaded[/green]: {len(data.cameras)} cameras, "
        f"{len(data.incidents)} incidents, {len(data.units)} units."
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000)")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Server processes (default 1; ~1 per core)")
    ] = None,
    demo_login: Annotated[bool, typer.Option(help="Offer demo sign-in (loopback only)")] = False,
) -> None:
    """Chạy máy chủ — serve the API."""
    import uvicorn  # noqa: PLC0415

    from camera_registry.main import create_app  # noqa: PLC0415

    given = {"host": host, "port": port, "workers": workers}
    overrides = {k: v for k, v in given.items() if v is not None}
    settings = _settings().model_copy(update=overrides)
    engine = make_engine(settings.database_url)
    current = migrate.is_current(engine)
    engine.dispose()  # no pooled connection may be inherited by forked workers
    if not current:
        console.print(f"[red]{OUTDATED}")
        raise typer.Exit(1)
    if demo_login or settings.demo_login:
        if not is_loopback(settings.host):
            console.print(f"[red]Demo sign-in is refused on {settings.host}: bind to 127.0.0.1.")
            raise typer.Exit(2)
        settings = settings.model_copy(update={"demo_login": True})
        console.print(
            "[yellow]DEMO SIGN-IN IS ON[/yellow] (loopback only): "
            'POST /auth/demo-login {"role": "planner"} returns an API key.'
        )
    console.print(
        f"camreg on http://{settings.host}:{settings.port}  "
        f"(map: /map, API docs: /docs) — database {settings.database_url}"
        + (f" — {settings.workers} workers" if settings.workers > 1 else "")
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    from camera_registry.system.workers import serve_workers, settle_heap  # noqa: PLC0415

    if settings.workers > 1:
        raise typer.Exit(serve_workers(settings, settings.workers))
    served = create_app(settings)
    settle_heap()
    # uvicorn's access log prints query strings (addresses, coordinates): ours prints paths.
    uvicorn.run(served, host=settings.host, port=settings.port, access_log=False)
