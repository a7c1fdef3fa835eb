"""Evidence, custody events and footage requests as JSON, with times for people.

Recorded clip times are what the recorder showed; corrected times subtract
the recorder's clock offset (recorder clock minus true time).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from camera_registry.incidents.evidence.custody import ChainReport
from camera_registry.incidents.evidence.queries import EvidenceRow, RequestRow
from camera_registry.incidents.models import CustodyEvent, FootageRequestEvent
from camera_registry.incidents.requests.vocab import REQUEST_LABELS, FootageRequestStatus
from camera_registry.timeparse import local_iso, local_text
from camera_registry.vocab import CustodyAction, Usefulness, label


def _time(prefix: str, moment: Any) -> dict[str, Any]:
    return {prefix: local_iso(moment), f"{prefix}_local": local_text(moment)}


def evidence_body(row: EvidenceRow) -> dict[str, Any]:
    """A clip with recorded and corrected times side by side."""
    ev = row.evidence
    offset = timedelta(seconds=ev.clock_offset_s or 0.0)
    usefulness = Usefulness(ev.usefulness)
    return {
        "id": ev.id,
        "case_code": row.case_code,
        "camera_code": row.camera_code,
        **_time("clip_start_recorded", ev.clip_start),
        **_time("clip_end_recorded", ev.clip_end),
        "clock_offset_s": ev.clock_offset_s,
        **_time("clip_start", ev.clip_start - offset),
        **_time("clip_end", ev.clip_end - offset),
        "sha256": ev.sha256,
        "size_bytes": ev.size_bytes,
        "storage_uri": ev.storage_uri,
        "extracted_by": ev.extracted_by,
        **_time("extracted_at", ev.extracted_at),
        "usefulness": ev.usefulness,
        "usefulness_label": label(usefulness),
        "usefulness_label_en": label(usefulness, "en"),
        "flagged": bool(ev.flagged),
        "outside_view_reason": ev.outside_view_reason,
        "request_id": ev.request_id,
        "note": ev.note,
    }


def custody_body(event: CustodyEvent) -> dict[str, Any]:
    """One custody event (read-only: there is no route to change one)."""
    action = CustodyAction(event.action)
    return {
        "seq": event.seq,
        "action": event.action,
        "action_label": label(action),
        "action_label_en": label(action, "en"),
        "actor": event.actor,
        **_time("occurred_at", event.occurred_at),
        "note": event.note,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def chain_body(evidence_id: int, report: ChainReport) -> dict[str, Any]:
    """The result of a custody-chain check."""
    return {
        "evidence_id": evidence_id,
        "valid": report.valid,
        "events": report.length,
        "first_broken_seq": report.first_broken_seq,
        "reason": report.reason,
    }


def _request_event(event: FootageRequestEvent) -> dict[str, Any]:
    return {
        "status": event.status,
        **_time("at", event.at),
        "actor": event.actor,
        "note": event.note,
    }


def request_body(row: RequestRow, history: list[FootageRequestEvent]) -> dict[str, Any]:
    """A footage request with its history."""
    req = row.request
    status = FootageRequestStatus(req.status)
    vi, en = REQUEST_LABELS[status]
    return {
        "id": req.id,
        "case_code": row.case_code,
        "camera_code": row.camera_code,
        "status": req.status,
        "status_label": vi,
        "status_label_en": en,
        **_time("retention_deadline", req.retention_deadline),
        "holder_contacted": req.holder_contacted,
        "requested_by": req.requested_by,
        **_time("requested_at", req.requested_at),
        "note": req.note,
        "history": [_request_event(e) for e in history],
    }
