"""A camera's evidence contributions, as the map's camera card shows them.

Everyone signed in sees the aggregates (how many clips, for how many
incidents, how many of those were clarified with footage, by type and by
usefulness), as ``/incidents/stats`` shows aggregates to every role.  The
clips themselves — case code, clip window — reach only callers who may read
that incident's details (``incidents.access.may_see_details``), and that read
is audited like any evidence read.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.auth import Principal
from camera_registry.cameras import queries as camera_queries
from camera_registry.incidents.access import may_see_details
from camera_registry.incidents.evidence.common import audit_object
from camera_registry.timeparse import local_text
from camera_registry.vocab import IncidentType, Usefulness, label
from camera_registry.web.queries import Contribution, contributions_of_camera


def _item(c: Contribution) -> dict[str, Any]:
    offset = timedelta(seconds=c.clock_offset_s)
    return {
        "evidence_id": c.evidence_id,
        "case_code": c.case_code,
        "type": c.incident_type,
        "type_label": label(IncidentType(c.incident_type)),
        "type_label_en": label(IncidentType(c.incident_type), "en"),
        "occurred_at_local": local_text(c.occurred_at),
        "clip_start_local": local_text(c.clip_start - offset),
        "clip_end_local": local_text(c.clip_end - offset),
        "usefulness": c.usefulness,
        "usefulness_label": label(Usefulness(c.usefulness)),
        "usefulness_label_en": label(Usefulness(c.usefulness), "en"),
        "clarified_with_footage": c.clarified_with_footage,
    }


def _summary(rows: list[Contribution]) -> dict[str, Any]:
    useful = {Usefulness.DECISIVE.value, Usefulness.SUPPORTING.value}
    clarified = {c.case_code for c in rows if c.clarified_with_footage and c.usefulness in useful}
    types = Counter({c.case_code: c.incident_type for c in rows}.values())
    return {
        "clips": len(rows),
        "incidents": len({c.case_code for c in rows}),
        "clarified_with_footage": len(clarified),
        "by_usefulness": dict(sorted(Counter(c.usefulness for c in rows).items())),
        "by_type": [
            {
                "type": t,
                "label": label(IncidentType(t)),
                "label_en": label(IncidentType(t), "en"),
                "incidents": n,
            }
            for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def camera_contributions(session: Session, *, code: str, user: Principal) -> dict[str, Any]:
    """Aggregates for every role; the clips the caller may read (audited when any)."""
    camera = camera_queries.require_camera(session, code=code)
    rows = contributions_of_camera(session, camera_id=camera.camera.id)
    readable = [c for c in rows if may_see_details(user, c.commune_code)]
    for c in readable:
        audit_object(session, user, "evidence.read", "evidence", c.evidence_id)
    if readable:
        session.commit()
    return {
        "code": code,
        **_summary(rows),
        "items": [_item(c) for c in readable],
        "items_hidden": len(rows) - len(readable),
    }
