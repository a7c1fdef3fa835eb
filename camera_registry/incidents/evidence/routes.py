"""HTTP routes of footage evidence and custody: thin wrappers over the services.

Custody events can be appended and read, never changed or removed: there is
no PUT, PATCH or DELETE here on purpose.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from camera_registry.deps import CurrentUser, RowId, SessionDep, SettingsDep
from camera_registry.incidents.evidence import custody_service
from camera_registry.incidents.evidence import service as evidence_service
from camera_registry.incidents.evidence.candidates import shows_holder
from camera_registry.incidents.evidence.common import readable_evidence
from camera_registry.incidents.evidence.schemas import (
    Candidates,
    ChainCheck,
    ClipCheck,
    CustodyChain,
    CustodyEventOut,
    EvidenceList,
    EvidenceOut,
)
from camera_registry.incidents.evidence.upload import clip_digest
from camera_registry.incidents.schemas import CustodyCreate, EvidenceCreate
from camera_registry.limits import count_holder_reads
from camera_registry.responses import documented

router = APIRouter(tags=["evidence"])

_CLIP_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}},
                    "required": ["sha256"],
                }
            },
        }
    }
}


@router.post(
    "/incidents/{case_code}/evidence",
    status_code=201,
    summary="Link footage",
    responses=documented(EvidenceOut, 201),
)
def add_evidence(
    case_code: str, data: EvidenceCreate, session: SessionDep, user: CurrentUser
) -> JSONResponse:
    """Link a clip of a camera to an incident; its 'extracted' custody event is written."""
    evidence = evidence_service.add_evidence(session, case_code=case_code, data=data, actor=user)
    body = evidence_service.read_evidence(session, evidence_id=evidence.id, user=user)
    headers = {"Location": f"/evidence/{evidence.id}"}
    return JSONResponse(body, status_code=201, headers=headers)


@router.get(
    "/incidents/{case_code}/evidence",
    summary="An incident's footage (audited)",
    response_model=Any,
    responses=documented(EvidenceList),
)
def list_evidence(case_code: str, session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The clips linked to an incident, recorded and corrected times side by side."""
    return evidence_service.evidence_of_incident(session, case_code=case_code, user=user)


@router.get(
    "/incidents/{case_code}/candidates",
    summary="Cameras whose footage should exist",
    response_model=Any,
    responses=documented(Candidates),
)
def list_candidates(
    request: Request, case_code: str, session: SessionDep, user: CurrentUser
) -> dict[str, Any]:
    """Cameras that saw the incident point, were working, and should still hold the footage."""
    body = evidence_service.candidates_of_incident(session, case_code=case_code, user=user)
    count_holder_reads(request, user, (shows_holder(c) for c in body["candidates"]))
    return body


@router.get(
    "/evidence/{evidence_id}",
    summary="One clip (audited)",
    response_model=Any,
    responses=documented(EvidenceOut),
)
def get_evidence(evidence_id: RowId, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Read one clip."""
    return evidence_service.read_evidence(session, evidence_id=evidence_id, user=user)


@router.get(
    "/evidence/{evidence_id}/custody",
    summary="Chain of custody (audited)",
    response_model=Any,
    responses=documented(CustodyChain),
)
def list_custody(
    evidence_id: RowId, session: SessionDep, user: CurrentUser
) -> list[dict[str, Any]]:
    """The custody events of a clip, in order."""
    return custody_service.list_events(session, evidence_id=evidence_id, user=user)


@router.post(
    "/evidence/{evidence_id}/custody",
    status_code=201,
    summary="Append custody event",
    response_model=Any,
    responses=documented(CustodyEventOut, 201),
)
def append_custody(
    evidence_id: RowId, data: CustodyCreate, session: SessionDep, user: CurrentUser
) -> dict[str, Any]:
    """Append one event (viewed, copied, handed over, sealed, released) to the chain."""
    return custody_service.append_event(session, evidence_id=evidence_id, data=data, actor=user)


@router.get(
    "/evidence/{evidence_id}/custody/verify",
    summary="Verify the chain (audited)",
    response_model=Any,
    responses=documented(ChainCheck),
)
def verify_custody(evidence_id: RowId, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Check every hash of the chain and its head against the audit trail."""
    return custody_service.verify_chain(session, evidence_id=evidence_id, user=user)


@router.post(
    "/evidence/{evidence_id}/verify",
    summary="Verify a clip file or hash (audited)",
    openapi_extra=_CLIP_BODY,
    response_model=Any,
    responses=documented(ClipCheck),
)
async def verify_clip(
    evidence_id: RowId,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> dict[str, Any]:
    """Upload the clip (hashed as it streams, size-capped) or send its SHA-256: match?"""
    await run_in_threadpool(readable_evidence, session, evidence_id=evidence_id, user=user)
    sha256, size = await clip_digest(request, max_bytes=settings.max_clip_upload_bytes)
    return await run_in_threadpool(
        custody_service.verify_clip,
        session,
        evidence_id=evidence_id,
        sha256=sha256,
        size=size,
        user=user,
    )
