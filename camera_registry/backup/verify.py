"""After a restore: re-verify every hash chain the registry keeps."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from camera_registry.audit import service as audit
from camera_registry.incidents.evidence.custody import first_broken_seq
from camera_registry.incidents.models import CustodyEvent


@dataclass(frozen=True)
class ChainReport:
    """What a verification found."""

    evidence_checked: int
    broken_evidence: tuple[int, ...]
    audit_first_broken: int | None

    @property
    def ok(self) -> bool:
        """Whether every chain verified."""
        return not self.broken_evidence and self.audit_first_broken is None


def verify_chains(session: Session) -> ChainReport:
    """Verify every evidence item's custody chain and the audit trail."""
    events = session.scalars(
        select(CustodyEvent).order_by(CustodyEvent.evidence_id, CustodyEvent.seq)
    )
    broken: list[int] = []
    checked = 0
    for evidence_id, chain in groupby(events, key=lambda e: e.evidence_id):
        checked += 1
        if first_broken_seq(chain) is not None:
            broken.append(evidence_id)
    return ChainReport(checked, tuple(broken), audit.first_broken(session))
