"""HTTP routes of footage requests to camera holders: thin wrappers over the service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from camera_registry.deps import CurrentUser, RowId, SessionDep
from camera_registry.incidents.requests import service as requests_service
from camera_registry.incidents.requests.schemas import FootageRequestList, FootageRequestOut
from camera_registry.incidents.schemas import FootageRequestCreate, FootageRequestUpdate
from camera_registry.limits import count_holder_reads
from camera_registry.responses import documented

router = APIRouter(tags=["footage requests"])


@router.post(
    "/incidents/{case_code}/footage-requests",
    status_code=201,
    summary="Ask a holder",
    responses=documented(FootageRequestOut, 201),
)
def create_request(
    case_code: str, data: FootageRequestCreate, session: SessionDep, user: CurrentUser
) -> JSONResponse:
    """Request an evidence candidate's footage from its holder, before its deadline."""
    body = requests_service.create_request(session, case_code=case_code, data=data, actor=user)
    headers = {"Location": f"/footage-requests/{body['id']}"}
    return JSONResponse(body, status_code=201, headers=headers)


@router.get(
    "/incidents/{case_code}/footage-requests",
    summary="An incident's footage requests",
    response_model=Any,
    responses=documented(FootageRequestList),
)
def list_requests(
    request: Request, case_code: str, session: SessionDep, user: CurrentUser
) -> list[dict[str, Any]]:
    """The requests made for an incident, with their histories (who was contacted: counted)."""
    body = requests_service.requests_of_incident(session, case_code=case_code, user=user)
    count_holder_reads(request, user, (bool(r["holder_contacted"]) for r in body))
    return body


@router.get(
    "/footage-requests/{request_id}",
    summary="One footage request with its history",
    response_model=Any,
    responses=documented(FootageRequestOut),
)
def get_request(
    request: Request, request_id: RowId, session: SessionDep, user: CurrentUser
) -> dict[str, Any]:
    """Read a request (an unanswered one past its deadline shows as expired)."""
    body = requests_service.read_request(session, request_id=request_id, user=user)
    count_holder_reads(request, user, [bool(body["holder_contacted"])])
    return body


@router.post(
    "/footage-requests/{request_id}/status",
    summary="Record the holder's answer",
    response_model=Any,
    responses=documented(FootageRequestOut),
)
def update_request(
    request_id: RowId, data: FootageRequestUpdate, session: SessionDep, user: CurrentUser
) -> dict[str, Any]:
    """Approved / refused by the holder, delivered, or expired after the deadline."""
    return requests_service.update_request(session, request_id=request_id, data=data, actor=user)
