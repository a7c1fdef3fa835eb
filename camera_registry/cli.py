"""``camreg``: everything an operator does without a browser."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from camera_registry import migrate
from camera_registry.accounts import queries as accounts
from camera_registry.auth import issue_key
from camera_registry.db import make_engine, make_sessionmaker
from camera_registry.errors import DomainError
from camera_registry.settings import Settings
from camera_registry.system.service import is_loopback
from camera_registry.vocab import Role

app = typer.Typer(
    help="camreg — sổ đăng ký camera an ninh / camera-network registry.", no_args_is_help=True
)
user_app = typer.Typer(help="Người dùng / users.", no_args_is_help=True)
key_app = typer.Typer(help="Khóa API / API keys.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(key_app, name="key")
console = Console()


def _settings() -> Settings:
    return Settings()


@app.command()
def init() -> None:
    """Tạo/cập nhật CSDL — create or migrate the database to the newest schema."""
    settings = _settings()
    migrate.upgrade(settings.database_url)
    console.print(f"[green]Database ready[/green]: {settings.database_url}")


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
    demo_login: Annotated[bool, typer.Option(help="Offer demo sign-in (loopback only)")] = False,
) -> None:
    """Chạy máy chủ — serve the API."""
    import uvicorn  # noqa: PLC0415

    from camera_registry.main import create_app  # noqa: PLC0415

    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = _settings().model_copy(update=overrides)
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
        f"(API docs: /docs) — database {settings.database_url}"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[
        Role, typer.Option(help="admin, investigator, planner, commune_officer, viewer")
    ],
    commune: Annotated[list[str] | None, typer.Option(help="Commune code (repeatable)")] = None,
    full_name: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Thêm người dùng — add a user with a role (commune officers need --commune)."""
    if role == Role.COMMUNE_OFFICER and not commune:
        console.print("[red]A commune_officer needs at least one --commune CODE.")
        raise typer.Exit(2)
    engine = make_engine(_settings().database_url)
    with make_sessionmaker(engine)() as session:
        if accounts.get_user(session, username=username):
            console.print(f"[red]User {username!r} already exists.")
            raise typer.Exit(1)
        accounts.add_user(
            session,
            username=username,
            role=role.value,
            full_name=full_name,
            commune_codes=list(commune or []),
        )
        session.commit()
    console.print(f"[green]User {username} ({role.value}) added.")


@key_app.command("create")
def key_create(
    username: str, name: Annotated[str | None, typer.Option(help="What the key is for")] = None
) -> None:
    """Tạo khóa API — create an API key for a user; it is shown only once."""
    engine = make_engine(_settings().database_url)
    with make_sessionmaker(engine)() as session:
        user = accounts.get_user(session, username=username)
        if user is None:
            console.print(f"[red]No user {username!r}.")
            raise typer.Exit(1)
        key = issue_key(session, user, name=name)
        session.commit()
    typer.echo(key)
