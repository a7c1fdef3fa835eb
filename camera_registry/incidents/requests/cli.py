"""``camreg footage-requests …``: upkeep of footage requests to camera holders.

Requests also expire whenever someone opens them through the API, but a
request nobody looks at would stay "requested" past its deadline; the
``expire`` command, run daily (cron or a systemd timer), settles them all.
"""

from __future__ import annotations

import typer
from rich.console import Console

from camera_registry.cli_support import cli_session
from camera_registry.incidents.requests import service as requests_service

requests_app = typer.Typer(
    help="Yêu cầu trích xuất dữ liệu camera / footage requests to camera holders.",
    no_args_is_help=True,
)
console = Console()


@requests_app.command("expire")
def expire(ctx: typer.Context) -> None:
    """Hết hạn yêu cầu trích xuất — expire overdue footage requests (audited; run daily)."""
    with cli_session(ctx, console) as session:
        expired = requests_service.expire_all_overdue(session)
    console.print(
        f"Đã chuyển {expired} yêu cầu sang quá hạn — {expired} overdue footage request(s) expired."
    )
