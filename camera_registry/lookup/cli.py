"""``camreg who-covers "…" --at "…"``: the lookup from the command line.

Identity: a lookup is audited, so the command acts as someone.  ``--user NAME``
names a registered, active user: the lookup runs with that user's role (holder
contacts only for roles allowed to see them).  Without it, the operating-system
login is used: if a registered user has that name, as that user; otherwise the
audit records ``os:<login>`` and no holder contact is shown.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from camera_registry.accounts.cli import acting_principal
from camera_registry.addresses.geocoder import make_geocoder
from camera_registry.addresses.resolution import STEP_LABELS
from camera_registry.cli_support import cli_session, cli_settings, open_session
from camera_registry.errors import DomainError
from camera_registry.lookup.audited import Actor, LookupAnswer
from camera_registry.lookup.params import parse_request, run_lookup
from camera_registry.lookup.presenters import answer_json
from camera_registry.places.vocab import PRECISION_LABELS
from camera_registry.timeutil import LOCAL_TZ
from camera_registry.vocab import LABELS

#: Wide enough for the table when the output is piped (rich would assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 160)


def cli_actor(session: Session, user: str | None) -> Actor:
    """Who runs the command (see the module docstring); ``BadParameter`` for an unknown --user."""
    name, principal = acting_principal(session, user)
    if principal is not None:
        return Actor(name, principal.role.value, principal.may_see_holder, source_addr="cli")
    return Actor(f"os:{name}", None, lambda _commune: False, source_addr="cli")


def _yes(value: bool | None) -> str:
    return "–" if value is None else ("có" if value else "không")


def _table(answer: LookupAnswer, actor: Actor) -> Table:
    table = Table(
        title=f"{len(answer.hits)} camera",
        caption="code · sees the place · distance · bearing from the camera · status at T · "
        "footage still kept · request footage before · programme · connected to the centre · "
        "holder",
    )
    columns = ["Mã", "Thấy", "Cách (m)", "Hướng", "Lúc đó", "Còn dữ liệu", "Hạn yêu cầu"]
    columns += ["Chương trình", "Trung tâm", "Chủ camera"]
    for column in columns:
        table.add_column(column)
    for hit in answer.hits:
        status = LABELS[hit.status_at][0] if hit.status_at else "–"
        deadline = hit.request_deadline
        holder = (
            f"{hit.owner_name or ''} {hit.owner_contact or ''}".strip()
            if actor.may_see_holder(hit.commune_code)
            else "(ẩn / hidden)"
        )
        table.add_row(
            hit.code,
            _yes(hit.sees),
            f"{hit.distance_m:.0f}",
            f"{hit.bearing_deg:.0f}°",
            status if answer.at else "–",
            _yes(hit.footage_retained),
            deadline.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") if deadline else "–",
            hit.programme or "",
            _yes(hit.connected_to_centre),
            holder,
        )
    return table


def _header(answer: LookupAnswer) -> None:
    res = answer.resolution
    if res is None:
        return
    step, precision = STEP_LABELS[res.step], PRECISION_LABELS[res.precision]
    console.print(f"[bold]{res.label}[/bold]")
    console.print(f"Theo / by: {step[0]} ({step[1]}); độ chính xác / precision: {precision[0]}")
    if res.commune is not None:
        console.print(f"Xã / commune: {res.commune.label}")
        for unit in (*res.commune.successors, *res.commune.predecessors):
            console.print(f"  ↔ {unit.label}")
    for note in res.notes:
        console.print(f"  [dim]{note}[/dim]")
    if res.imprecise:
        console.print("[yellow]Không chính xác / imprecise: vùng, không phải điểm[/yellow]")


def who_covers(
    ctx: typer.Context,
    address: Annotated[str, typer.Argument(help="Địa chỉ hoặc tọa độ / address or coordinates")],
    at: Annotated[str | None, typer.Option(help='"2023-05-04 21:30" or "04/05/2023 21:30"')] = None,
    radius: Annotated[float, typer.Option(help="metres")] = 300.0,
    user: Annotated[str | None, typer.Option(help="Registered user to act as")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="GeoJSON instead of a table")] = False,
) -> None:
    """Camera nào quan sát địa chỉ này — which cameras cover this address (at this time)."""
    settings = cli_settings(ctx)
    # open_session is this module's name for it, so that tests can substitute their session
    with cli_session(ctx, console, show=_print_problem, opener=open_session) as session:
        actor = cli_actor(session, user)
        request = parse_request(address=address, lat=None, lon=None, at=at, radius=radius)
        geocoder = make_geocoder(
            settings.geocoder, settings.geocoder_url, settings.geocoder_timeout_s
        )
        answer = run_lookup(session, request, actor, geocoder)
    if as_json:
        typer.echo(json.dumps(answer_json(answer, actor.may_see_holder), ensure_ascii=False))
        return
    _header(answer)
    console.print(_table(answer, actor))


def _print_problem(console: Console, exc: DomainError) -> None:
    if not exc.errors:
        console.print(f"[red]{exc.detail}[/red]")
    for error in exc.errors:
        console.print(f"[red]{error['field']}: {error['reason']}[/red]")
        suggestions: list[Any] = error.get("suggestions") or []
        for suggestion in suggestions:
            console.print(f"  • {suggestion}")
