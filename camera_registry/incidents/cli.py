"""``camreg incident …`` and ``camreg evidence …``: the investigator's CLI.

The CLI acts with an administrator's rights under the name ``cli:<os user>``
(or ``--actor``); every write, evidence read and verification is audited
under that name, as through the API.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import Progress

from camera_registry.auth import Principal
from camera_registry.cli_support import cli_session, cli_settings
from camera_registry.imports.table import ImportSource
from camera_registry.incidents import cli_output as out
from camera_registry.incidents import listing, service
from camera_registry.incidents.evidence import custody_service
from camera_registry.incidents.evidence import service as evidence_service
from camera_registry.incidents.importing import service as importer
from camera_registry.incidents.params import incident_filter
from camera_registry.incidents.schemas import EvidenceCreate, HashCheck, IncidentCreate
from camera_registry.vocab import IncidentStatus, IncidentType, Role, Usefulness

incident_app = typer.Typer(help="Vụ việc / incidents.", no_args_is_help=True)
evidence_app = typer.Typer(help="Chứng cứ hình ảnh / footage evidence.", no_args_is_help=True)
console = Console()
M = TypeVar("M", bound=BaseModel)
Actor = Annotated[str | None, typer.Option(help="Who acts (default cli:<os user>)")]


def _principal(name: str | None) -> Principal:
    return Principal(user_id=0, username=name or f"cli:{getpass.getuser()}", role=Role.ADMIN)


def _validated(model: type[M], data: dict[str, object]) -> M:
    """The model, or the validation errors printed and exit code 2."""
    try:
        return model.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        out.validation(console, exc)
        raise typer.Exit(2) from None


@incident_app.command("add")
def incident_add(
    ctx: typer.Context,
    case_code: Annotated[str, typer.Option("--case", help="Case code (mã vụ việc)")],
    type_: Annotated[IncidentType, typer.Option("--type", help="Incident type")],
    at: Annotated[str, typer.Option(help='When: "dd/mm/yyyy HH:MM" (Vietnam time) or ISO')],
    until: Annotated[str | None, typer.Option(help="End of the window if unsure")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude (WGS84)")] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude (WGS84)")] = None,
    address: Annotated[str | None, typer.Option(help="Address (resolved if no lon/lat)")] = None,
    status: Annotated[IncidentStatus, typer.Option(help="Status")] = IncidentStatus.REPORTED,
    description: Annotated[str | None, typer.Option(help="Description (restricted)")] = None,
    actor: Actor = None,
) -> None:
    """Ghi nhận vụ việc — record an incident (commune derived from the point)."""
    data = _validated(
        IncidentCreate,
        {
            "case_code": case_code,
            "type": type_,
            "occurred_at": at,
            "occurred_until": until,
            "lon": lon,
            "lat": lat,
            "address": address,
            "status": status,
            "description": description,
        },
    )
    with cli_session(ctx, console, show=out.problem) as session:
        service.create_incident(session, data=data, actor=_principal(actor))
        feature = listing.detail_for(session, case_code=case_code, user=_principal(actor))
    out.incident(console, feature)


@incident_app.command("show")
def incident_show(ctx: typer.Context, case_code: str, actor: Actor = None) -> None:
    """Xem vụ việc — show an incident, its history and its footage (audited)."""
    user = _principal(actor)
    with cli_session(ctx, console, show=out.problem) as session:
        feature = listing.detail_for(session, case_code=case_code, user=user)
        clips = evidence_service.evidence_of_incident(session, case_code=case_code, user=user)
    out.incident(console, feature)
    out.evidence_table(console, clips)


@incident_app.command("list")
def incident_list(
    ctx: typer.Context,
    commune: Annotated[str | None, typer.Option(help="Commune GSO code")] = None,
    district: Annotated[str | None, typer.Option(help="District GSO code")] = None,
    province: Annotated[str | None, typer.Option(help="Province GSO code")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="From date/time")] = None,
    to: Annotated[str | None, typer.Option(help="Until date/time")] = None,
    type_: Annotated[list[IncidentType] | None, typer.Option("--type", help="Type(s)")] = None,
    status: Annotated[list[IncidentStatus] | None, typer.Option(help="Status(es)")] = None,
    with_footage: Annotated[
        bool | None, typer.Option("--with-footage/--without-footage", help="Clarified with footage")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
) -> None:
    """Danh sách vụ việc — list incidents, newest first, with counts by type."""
    with cli_session(ctx, console, show=out.problem) as session:
        flt = incident_filter(
            commune=commune, district=district, province=province, bbox=None, from_=from_,
            to=to, type=type_, status=status, with_footage=with_footage,
        )  # fmt: skip
        grid_m = cli_settings(ctx).planner_grid_m
        body = listing.list_for(session, flt=flt, user=_principal(None), grid_m=grid_m, limit=limit)
    out.incident_table(console, body)


@incident_app.command("import")
def incident_import(
    ctx: typer.Context,
    path: Path,
    dry_run: Annotated[bool, typer.Option(help="Report only, write nothing")] = False,
    partial: Annotated[bool, typer.Option(help="Write the valid rows, report the rest")] = False,
    actor: Actor = None,
) -> None:
    """Nhập vụ việc từ CSV/XLSX — import incidents with a row-level report."""
    with (
        cli_session(ctx, console, show=out.problem) as session,
        Progress(console=console, transient=True) as bar,
    ):
        task = bar.add_task(f"Importing {path.name}", total=None)
        report = importer.import_incidents(
            session,
            source=ImportSource.from_path(path),
            actor=_principal(actor),
            dry_run=dry_run,
            partial=partial,
            progress=lambda n: bar.update(task, completed=n),
        )
    out.import_report(console, report)
    if report.failed and not partial:
        raise typer.Exit(1)


def _file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, with a progress bar."""
    sha = hashlib.sha256()
    size = path.stat().st_size
    with Progress(console=console, transient=True) as bar, path.open("rb") as stream:
        task = bar.add_task(f"SHA-256 {path.name}", total=size)
        while chunk := stream.read(1 << 20):
            sha.update(chunk)
            bar.update(task, advance=len(chunk))
    return sha.hexdigest(), size


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    case_code: str,
    camera: Annotated[str, typer.Option(help="Camera code")],
    start: Annotated[str, typer.Option(help="Clip start as the recorder showed it")],
    end: Annotated[str, typer.Option(help="Clip end as the recorder showed it")],
    usefulness: Annotated[Usefulness, typer.Option(help="decisive, supporting, not_useful")],
    file: Annotated[Path | None, typer.Option(help="The exported clip (hashed here)")] = None,
    sha256: Annotated[str | None, typer.Option(help="The clip's SHA-256 if no --file")] = None,
    size: Annotated[int | None, typer.Option(help="Size in bytes if no --file")] = None,
    clock_offset: Annotated[float, typer.Option(help="Recorder clock minus true time, s")] = 0.0,
    storage_uri: Annotated[str | None, typer.Option(help="Where the file is kept")] = None,
    request_id: Annotated[
        int | None, typer.Option(help="Footage request (private cameras)")
    ] = None,
    outside_view_reason: Annotated[str | None, typer.Option(help="Why, if not in view")] = None,
    note: Annotated[str | None, typer.Option()] = None,
    actor: Actor = None,
) -> None:
    """Thêm chứng cứ — link a clip to an incident (its custody chain starts)."""
    if file is not None:
        sha256, size = _file_digest(file)
        storage_uri = storage_uri or file.resolve().as_uri()
    data = _validated(
        EvidenceCreate,
        {
            "camera_code": camera,
            "clip_start": start,
            "clip_end": end,
            "clock_offset_s": clock_offset,
            "sha256": sha256 or "",
            "size_bytes": size,
            "storage_uri": storage_uri,
            "usefulness": usefulness,
            "note": note,
            "outside_view_reason": outside_view_reason,
            "request_id": request_id,
        },
    )
    user = _principal(actor)
    with cli_session(ctx, console, show=out.problem) as session:
        evidence = evidence_service.add_evidence(
            session, case_code=case_code, data=data, actor=user
        )
        clip = evidence_service.read_evidence(session, evidence_id=evidence.id, user=user)
    out.evidence_table(console, [clip])


@evidence_app.command("verify")
def evidence_verify(
    ctx: typer.Context,
    evidence_id: int,
    file: Annotated[
        Path | None, typer.Option(help="Check this file against the registered hash")
    ] = None,
    sha256: Annotated[str | None, typer.Option(help="Check this hash")] = None,
    actor: Actor = None,
) -> None:
    """Kiểm tra chứng cứ — verify the custody chain, and a clip file or hash (audited)."""
    size = None
    if file is not None:
        sha256, size = _file_digest(file)
    elif sha256 is not None:
        sha256 = _validated(HashCheck, {"sha256": sha256}).sha256
    user = _principal(actor)
    with cli_session(ctx, console, show=out.problem) as session:
        chain = custody_service.verify_chain(session, evidence_id=evidence_id, user=user)
        clip = None
        if sha256 is not None:
            clip = custody_service.verify_clip(
                session, evidence_id=evidence_id, sha256=sha256, size=size, user=user
            )
    ok = out.verification(console, chain, clip)
    if not ok:
        raise typer.Exit(1)
