"""Response shapes of footage requests to camera holders."""

from __future__ import annotations

from pydantic import BaseModel, Field, RootModel


class RequestEventOut(BaseModel):
    """One step of a footage request's history."""

    status: str
    at: str
    at_local: str
    actor: str
    note: str | None


class FootageRequestOut(BaseModel):
    """A footage request with its history."""

    id: int
    case_code: str
    camera_code: str
    status: str
    status_label: str
    status_label_en: str
    retention_deadline: str | None
    retention_deadline_local: str | None
    holder_contacted: str | None = Field(
        default=None, description="Only for roles allowed to see the camera's holder"
    )
    requested_by: str
    requested_at: str
    requested_at_local: str
    note: str | None
    history: list[RequestEventOut]


class FootageRequestList(RootModel[list[FootageRequestOut]]):
    """An incident's footage requests, oldest first."""
