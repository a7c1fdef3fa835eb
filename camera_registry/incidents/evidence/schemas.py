"""Response shapes of footage evidence, custody chains and candidate cameras."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, RootModel


class EvidenceOut(BaseModel):
    """One clip: recorded and corrected times side by side, labelled usefulness."""

    id: int
    case_code: str
    camera_code: str
    clip_start_recorded: str
    clip_start_recorded_local: str
    clip_end_recorded: str
    clip_end_recorded_local: str
    clock_offset_s: float | None
    clip_start: str
    clip_start_local: str
    clip_end: str
    clip_end_local: str
    sha256: str
    size_bytes: int | None
    storage_uri: str | None
    extracted_by: str
    extracted_at: str
    extracted_at_local: str
    usefulness: str
    usefulness_label: str
    usefulness_label_en: str
    flagged: bool
    outside_view_reason: str | None
    request_id: int | None
    note: str | None


class CustodyEventOut(BaseModel):
    """One link of a clip's chain of custody."""

    seq: int
    action: str
    action_label: str
    action_label_en: str
    actor: str
    occurred_at: str
    occurred_at_local: str
    note: str | None
    prev_hash: str
    hash: str


class ChainCheck(BaseModel):
    """Whether a clip's custody chain holds, and where it first breaks."""

    evidence_id: int
    valid: bool
    events: int
    first_broken_seq: int | None
    reason: str | None


class ClipCheck(BaseModel):
    """Whether a clip (or its SHA-256) matches the registered one."""

    evidence_id: int
    result: str = Field(description="match | mismatch")
    match: bool
    sha256: str
    registered_sha256: str
    size_bytes: int | None
    registered_size_bytes: int | None
    size_match: bool | None


class Candidates(BaseModel):
    """Cameras that saw the incident, were working and should still hold footage.

    Each candidate carries ``owner_name`` / ``owner_contact`` only for roles allowed
    to see the holder.
    """

    case_code: str
    candidates: list[dict[str, Any]]


class EvidenceList(RootModel[list[EvidenceOut]]):
    """The clips linked to an incident."""


class CustodyChain(RootModel[list[CustodyEventOut]]):
    """A clip's custody events in order."""
