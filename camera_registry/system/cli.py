"""``camreg init``, ``camreg demo`` and ``camreg serve``: set up the database, then serve it."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from camera_registry import migrate
from camera_registry.cli_support import cli_session, cli_settings
from camera_registry.db import make_engine
from camera_registry.errors import DomainError

console = Console()
OUTDATED = (
    "CSDL chưa được tạo hoặc cũ hơn phiên bản camreg này — the database has no schema or an "
    "older one than this camreg: run `camreg init` first."
)


def init(
    ctx: typer.Context,
    units: Annotated[
        bool, typer.Option(help="Nạp danh mục đơn vị hành chính / load the national unit list")
    ] = True,
) -> None:
    """Tạo/cập nhật CSDL — create or migrate the database, then load the national unit list."""
    from camera_registry.admin_units.national import load_national  # noqa: PLC0415

    settings = cli_settings(ctx)
    migrate.upgrade(settings.database_url)
    console.print(f"[green]Database ready[/green]: {settings.database_url}")
    if not units:
        return
    with Progress(console=console) as bar, cli_session(ctx, console) as session:
        task = bar.add_task("Danh mục đơn vị hành chính / national unit list", total=None)
        counts = load_national(
            session,
            progress=lambda label, done, total: bar.update(
                task, completed=done, total=total, description=f"Đơn vị / units: {label}"
            ),
        )
        session.commit()
    console.print(counts.summary(), soft_wrap=True)


def demo(ctx: typer.Context) -> None:
    """Nạp dữ liệu mẫu — load the Cẩm Thủy and Đắk Nông demo (idempotent)."""
    from camera_registry.demo.generate import generate  # noqa: PLC0415 — slow import
    from camera_registry.demo.loader import load_demo  # noqa: PLC0415

    migrate.upgrade(cli_settings(ctx).database_url)
    with Progress(console=console) as bar, cli_session(ctx, console) as session:
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


def serve(
    ctx: typer.Context,
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
    from camera_registry.system.service import is_loopback  # noqa: PLC0415

    given = {"host": host, "port": port, "workers": workers}
    overrides = {k: v for k, v in given.items() if v is not None}
    settings = cli_settings(ctx).model_copy(update=overrides)
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


def schema_is_current(database_url: str) -> bool:
    """Whether the database is migrated to this camreg's schema."""
    engine = make_engine(database_url)
    try:
        return migrate.is_current(engine)
    finally:
        engine.dispose()
