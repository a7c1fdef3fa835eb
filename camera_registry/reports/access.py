"""Who may generate which report.

A report holds aggregates only (counts, hours, areas, camera codes), never an
incident's description, address or point, so the commander-type roles —
admin, investigator, planner — may report on any unit.  A commune officer may
report on the communes of their own scope only (not on a district or a
province, which would show other communes).  Viewers may not: a report shows
which cameras' footage served investigations and how many cases footage
clarified, which is police working information.

From the command line without ``--user`` the operator (who holds the
database credentials anyway) reports on any unit, audited as ``os:<login>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from camera_registry.auth import Principal
from camera_registry.errors import Forbidden
from camera_registry.reports.frame import Frame
from camera_registry.vocab import Level, Role

REPORT_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR, Role.PLANNER, Role.COMMUNE_OFFICER})


@dataclass(frozen=True)
class Reader:
    """Who asks for a report: a user (with role and communes) or a CLI operator (no role)."""

    name: str
    role: Role | None
    communes: frozenset[str] = frozenset()

    @property
    def username(self) -> str:
        """The reader's name, as the audit trail's ``actor`` (see ``audit.record_for``)."""
        return self.name

    @classmethod
    def of(cls, user: Principal) -> Reader:
        """The reader a signed-in user is."""
        return cls(user.username, user.role, user.commune_codes)


def require_reader(reader: Reader, frame: Frame) -> None:
    """Raise 403 unless the reader may see the report of the frame's unit."""
    if reader.role is None:
        return
    if reader.role not in REPORT_ROLES:
        raise Forbidden(f"The role '{reader.role}' may not generate reports.")
    if reader.role == Role.COMMUNE_OFFICER:
        unit = frame.unit
        if unit.level != Level.COMMUNE.value or unit.code not in reader.communes:
            raise Forbidden(
                f"Commune officers report only on their own communes, not on unit {unit.code}."
            )
