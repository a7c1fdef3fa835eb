"""The monthly tally of incidents that makes cumulative report sections fast.

``incident_month_tally`` holds, per commune version, local month
(Asia/Ho_Chi_Minh) and incident type, how many incidents were recorded and how
many of them are clarified with footage.  Database triggers (migration
``20261122_reports``) keep it in step with every write to ``incident`` and
``footage_evidence``, on both engines; a report sums a few thousand tally rows
instead of scanning millions of incidents.  ``tests/reports/test_tally.py``
checks it against a recount with the incidents domain's own definition of
"clarified with footage" after every kind of write.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.db import Base


class IncidentMonthTally(Base):
    """Incidents, and those clarified with footage, of one commune, month and type."""

    __tablename__ = "incident_month_tally"

    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer, default=0)
    clarified: Mapped[int] = mapped_column(Integer, default=0)
