"""The loaded demo keeps the rule: a privately held camera's clip references its request.

Checked on the stored rows (both engines), not on the generator's records.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.cameras.models import Camera
from camera_registry.db import now_utc
from camera_registry.incidents.evidence import queries as eq
from camera_registry.incidents.models import (
    FootageEvidence,
    FootageRequest,
    FootageRequestEvent,
    Incident,
)


def _history(session: Session, request_id: int) -> list[FootageRequestEvent]:
    return list(
        session.scalars(
            select(FootageRequestEvent)
            .where(FootageRequestEvent.request_id == request_id)
            .order_by(FootageRequestEvent.at, FootageRequestEvent.id)
        )
    )


def test_every_private_clip_references_its_delivered_request(session: Session) -> None:
    rows = session.execute(
        select(FootageEvidence, Camera.ownership).join(
            Camera, Camera.id == FootageEvidence.camera_id
        )
    ).all()
    private = [e for e, ownership in rows if ownership != "state"]
    assert len(private) > 100
    for clip in private:
        assert clip.request_id is not None, clip.id
        request = session.get(FootageRequest, clip.request_id)
        assert request is not None
        assert (request.incident_id, request.camera_id) == (clip.incident_id, clip.camera_id)
        assert request.status == "delivered"
        incident = session.get(Incident, clip.incident_id)
        assert incident is not None
        assert incident.occurred_at < request.requested_at < clip.extracted_at
        assert clip.extracted_at < request.retention_deadline
        history = _history(session, request.id)
        assert [h.status for h in history] == ["requested", "approved", "delivered"]
        assert history[0].at == request.requested_at
        assert history[-1].at == clip.extracted_at
    assert len({e.request_id for e in private}) == len(private)
    assert all(e.request_id is None for e, ownership in rows if ownership == "state")


def test_other_requests_ended_refused_or_expired_and_none_is_open(session: Session) -> None:
    requests = list(session.scalars(select(FootageRequest)))
    statuses = Counter(r.status for r in requests)
    assert statuses["refused"] > 0 and statuses["expired"] > 0
    assert set(statuses) == {"delivered", "refused", "expired"}
    used = set(session.scalars(select(FootageEvidence.request_id)))
    for request in requests:
        history = _history(session, request.id)
        assert history[0].status == "requested" and history[-1].status == request.status
        assert request.requested_at < request.retention_deadline
        if request.status == "expired":
            assert history[-1].actor == "system"
            assert history[-1].at > request.retention_deadline
        if request.status != "delivered":
            assert request.id not in used
    assert eq.overdue_requests(session, now=now_utc()) == []
